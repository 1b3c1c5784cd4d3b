"""Gunicorn settings for Meinungskarte.

The access log never holds a client address, user agent, referrer or cookie: the format
has none of them, and public pages are not access-logged at all (only the back office and
server errors are), because even a line without an address carries the time of a visit
and the office it was about. Error-log lines pass the same address scrubber as the app.
"""

import os

import gunicorn.http.wsgi
from gunicorn.glogging import Logger

from intake.web.logs import install_filter, server_hosts
from intake.web.ratelimit import counts_alone_warning

# Every response's `Server` header would say "gunicorn" (read from here per response);
# a neutral word tells a scanner nothing about which software to try.
gunicorn.http.wsgi.SERVER = "webserver"

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Method, path, status, bytes, duration: nothing about the client.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Gunicorn 25+ opens a control socket in $HOME by default: every instance on the host would
# share one path (the test suite runs several), and systemd manages the service anyway.
control_socket_disable = True


class AnonymousLogger(Logger):
    """Gunicorn logger that keeps visitors out of the logs."""

    def setup(self, cfg):  # type: ignore[no-untyped-def]
        super().setup(cfg)
        # The server's own bind address stays readable in its "Listening at:" line.
        install_filter(self.error_log, server_hosts(cfg.bind))
        install_filter(self.access_log)

    def access(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        if req.path.startswith("/f/"):  # a team lead's link: the path is the secret
            return
        status = int(str(resp.status).split()[0]) if resp.status else 0
        if req.path.startswith("/staff/") or status >= 500:
            super().access(resp, req, environ, request_time)


logger_class = AnonymousLogger


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Say once at start-up when each worker would count rate limits on its own."""
    if worker.age == 1:  # the first worker; the app's settings are loaded by now
        config = getattr(worker.wsgi, "config", {})
        uri = str(config.get("RATELIMIT_STORAGE_URI", ""))
        warning = counts_alone_warning(uri, worker.cfg.workers)
        if warning:
            worker.log.warning(warning)
