"""The back office: staff login and the KRM officer's inbox."""
