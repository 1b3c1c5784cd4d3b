"""The first login of an officer in a real browser: set up the app, keep the recovery codes."""

from __future__ import annotations

import pyotp
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import assert_accessible
from tests.helpers import PASSWORD, make_user


def test_enrolment_pages_work_and_are_accessible(
    server: LiveServer, live_app: Flask, phone: Page
) -> None:
    make_user(live_app, "neu@example.org", "officer", two_factor=False)
    phone.goto(server.url + "/staff/login")
    phone.get_by_label("E-Mail-Adresse").fill("neu@example.org")
    phone.get_by_label("Passwort").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()
    phone.wait_for_url("**/staff/login/enrol")
    expect(phone.get_by_role("img", name="QR-Code zum Einrichten")).to_be_visible()
    assert_accessible(phone, "second factor: enrolment")
    secret = phone.locator("#totp-secret").inner_text()
    phone.get_by_label("Sechsstelliger Code aus der App").fill("123")
    phone.get_by_role("button", name="Einrichten").click()
    expect(phone.locator("#code-error")).to_be_visible()
    assert_accessible(phone, "second factor: enrolment with an error")
    phone.get_by_label("Sechsstelliger Code aus der App").fill(pyotp.TOTP(secret).now())
    phone.get_by_role("button", name="Einrichten").click()
    expect(phone.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(phone, "second factor: recovery codes")
    phone.locator("#continue").click()
    phone.wait_for_url("**/staff/inbox")
