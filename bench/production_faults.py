"""The faults of the production bench (bench/production.py): PostgreSQL restarted under load, and an SMTP outage."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import production as prod
import run as bench

POLL_S = 0.1


class Poller(threading.Thread):
    """Every 100 ms: ``/readyz`` and a signed-in page of one host, with the time and both statuses."""

    def __init__(self, server: bench.Server, path: str, cookie: str):
        super().__init__(daemon=True)
        self.server, self.path, self.cookie = server, path, cookie
        self.samples: list[tuple[float, int, int]] = []
        self.running = True

    def run(self) -> None:
        while self.running:
            ready = prod.fetch(self.server.base_url + "/readyz")[0]
            page = prod.fetch(self.server.base_url + self.path, self.cookie)[0]
            self.samples.append((time.monotonic(), ready, page))
            time.sleep(POLL_S)

    def recovery(self, restarted_at: float) -> dict:
        """From the restart command: the first failure seen, and the first time both answered 200 after the last."""
        after = [sample for sample in self.samples if sample[0] >= restarted_at]
        failures = [sample for sample in after if sample[1] != 200 or sample[2] != 200]
        if not failures:
            first_ok = next((s[0] for s in after), None)
            return {"failures_seen": 0, "recovered_after_s": round(first_ok - restarted_at, 2) if first_ok else None,
                    "statuses_seen": []}
        last_failure = failures[-1][0]
        first_ok = next((s[0] for s in after if s[0] > last_failure and s[1] == 200 and s[2] == 200), None)
        return {"failures_seen": len(failures),
                "statuses_seen": sorted({f"readyz {s[1]} / page {s[2]}" for s in failures}),
                "first_failure_after_s": round(failures[0][0] - restarted_at, 2),
                "recovered_after_s": round(first_ok - restarted_at, 2) if first_ok else None}


class ContactSaver(threading.Thread):
    """One organisation saving its network contact over and over, alternating two values: each save that commits
    changes the row and adds its audit entry (two rows in one transaction)."""

    VALUES = ("Biuro A", "Biuro B")

    def __init__(self, server: bench.Server, person: dict):
        super().__init__(daemon=True)
        self.server, self.person = server, person
        self.attempts = self.confirmed = 0
        self.statuses: dict[int, int] = {}
        self.running = True

    def run(self) -> None:
        person = self.person
        while self.running:
            value = self.VALUES[self.confirmed % 2]  # the other value than the last save confirmed
            status = prod.fetch(f"{self.server.base_url}/workspace/networks/{person['network_id']}/contact",
                                person["cookie"], {"csrf_token": person["csrf"], "contact_name": value,
                                                   "contact_email": "", "contact_phone": ""})[0]
            self.attempts += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.confirmed += status == 303
            time.sleep(0.02)


def restart_under_load(url: str, hosts: list, people: list[dict], officer: dict, restart, *, connections: int,
                       seconds: int, requests_file: Path) -> dict:
    """A lighter load on both hosts (public and signed-in pages), pollers and a saving client; after a third of the
    run, PostgreSQL restarted: failures by status, each host's recovery, tracebacks in the logs, and the saved row
    checked against its audit trail."""
    person = people[0]
    member = "SELECT id FROM network_member WHERE organisation_id = :o AND network_id = :n"
    member_id = prod.sql(url, member, o=person["organisation_id"], n=person["network_id"])[0][0]
    prod.sql(url, "UPDATE network_member SET contact_name = :v, contact_email = NULL, contact_phone = NULL "
                  "WHERE id = :m", v=ContactSaver.VALUES[1], m=member_id)
    events = ("SELECT count(*) FROM audit_event WHERE action = 'network.contact_updated' AND object_id = :m")
    events_before = prod.sql(url, events, m=member_id)[0][0]
    logs_before = {server.name: server.log_path.stat().st_size for server in hosts}
    pollers = [Poller(server, prod.signed_in_pages(person)[0][0], person["cookie"]) for server in hosts]
    saver = ContactSaver(hosts[0], person)
    meter = prod.Meter(hosts)
    share = max(1, connections // len(hosts))
    running = [(prod.start_wrk(server, share, seconds, requests_file), server) for server in hosts]
    for thread in (*pollers, saver):
        thread.start()
    time.sleep(seconds / 3)
    restarted_at = time.monotonic()
    restart()
    restart_took = time.monotonic() - restarted_at
    per_host = [prod.finish_wrk(process, server, seconds) for process, server in running]
    cpu = meter.stop()
    for thread in (*pollers, saver):
        thread.running = False
    for thread in (*pollers, saver):
        thread.join(timeout=35)

    statuses: dict[str, int] = {}
    for host in per_host:
        for code, number in host["statuses"].items():
            statuses[code] = statuses.get(code, 0) + number
    for code, number in saver.statuses.items():
        statuses[f"save {code}"] = number
    tracebacks = {}
    for server in hosts:
        with open(server.log_path, "rb") as log:
            log.seek(logs_before[server.name])
            lines = log.read().decode("utf-8", "replace").splitlines()
        # a failure the app handled (a 503, readiness's warning) is logged as a WARNING with its exception: not one
        tracebacks[server.name] = sum(1 for line in lines if ("Traceback" in line and '"level": "WARNING"' not in line)
                                      or '"status": 500' in line)
    events_after = prod.sql(url, events, m=member_id)[0][0]
    final_value = prod.sql(url, "SELECT contact_name FROM network_member WHERE id = :m", m=member_id)[0][0]
    changes = events_after - events_before
    # the row started at VALUES[1]; each committed save flips it and adds one entry, so the parity tells: after an
    # odd number of entries it holds VALUES[0], after an even number VALUES[1]
    consistent = (final_value == ContactSaver.VALUES[(changes + 1) % 2]
                  and saver.confirmed <= changes <= saver.attempts)
    recoveries = {server.name: poller.recovery(restarted_at) for server, poller in zip(hosts, pollers, strict=True)}
    failed = {code: n for code, n in statuses.items() if not str(code).split()[-1].startswith(("2", "3"))}
    return {"connections": share * len(hosts), "seconds": seconds, "pg_ctl_restart_s": round(restart_took, 2),
            "hosts": per_host, "cpu": cpu, "statuses": statuses, "failed_by_status": failed,
            "server_errors_500": sum(n for code, n in statuses.items() if str(code).split()[-1] == "500"),
            "socket_errors": sum(sum(h["socket_errors"].values()) for h in per_host),
            "tracebacks_in_logs": tracebacks, "recovery": recoveries,
            "save": {"attempts": saver.attempts, "confirmed": saver.confirmed, "audit_entries": changes,
                     "final_value": final_value, "row_and_audit_agree": consistent}}


def smtp_outage(url: str, hosts: list, smtp, env: dict[str, str], *, mails: int, interval: float,
                timeout: float) -> dict:
    """The mail server refuses; ``mails`` password-reset requests (distinct accounts and addresses, alternating
    hosts); the rows must wait; then it accepts and ``flask mail send`` runs every ``interval`` seconds until every
    mail has arrived: the time that took, and each recipient's count on the server."""
    smtp.mode = "down"
    smtp.received.clear()
    before = prod.sql(url, "SELECT coalesce(max(id), 0) FROM outgoing_mail")[0][0]
    recipients = [f"admin{number}@{prod.DOMAIN}" for number in range(1, mails + 1)]
    answers: dict[int, int] = {}
    for index, email in enumerate(recipients):
        server = hosts[index % len(hosts)]
        address = f"203.0.113.{index + 1}"
        status, page, cookie = prod.fetch(server.base_url + "/password/forgot", address=address)
        token = prod.CSRF.search(page)
        if status != 200 or not token:
            raise bench.BenchError(f"/password/forgot answered {status} without a form")
        status = prod.fetch(server.base_url + "/password/forgot", cookie, {"csrf_token": token.group(1),
                                                                          "email": email}, address=address)[0]
        answers[status] = answers.get(status, 0) + 1
    rows = "SELECT count(*), coalesce(min(attempts), 0), count(*) FILTER (WHERE next_attempt_at > now()) " \
           "FROM outgoing_mail WHERE id > :b AND sent_at IS NULL"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the after-response attempt of each request, refused
        waiting, least_attempts, in_future = prod.sql(url, rows, b=before)[0]
        if waiting >= mails and least_attempts >= 1:
            break
        time.sleep(0.5)
    queued = {"rows": waiting, "least_attempts": least_attempts, "next_attempt_in_future": in_future,
              "connections_refused": smtp.connections}
    outage_wait = prod.sql(url, "SELECT extract(epoch FROM max(next_attempt_at) - now()) FROM outgoing_mail "
                                "WHERE id > :b AND sent_at IS NULL", b=before)[0][0]

    smtp.mode = "accept"
    back_at = time.monotonic()
    runs = 0
    delivered_after = None
    while time.monotonic() - back_at < timeout:
        subprocess.run([str(bench.VENV_BIN / "flask"), "mail", "send"], cwd=bench.ROOT, env=env, capture_output=True,
                       timeout=120, check=False)
        runs += 1
        unsent = prod.sql(url, "SELECT count(*) FROM outgoing_mail WHERE id > :b AND sent_at IS NULL", b=before)[0][0]
        if unsent == 0:
            delivered_after = time.monotonic() - back_at
            break
        time.sleep(interval)
    time.sleep(1)
    with smtp.lock:
        arrived = [address for to, _message in smtp.received for address in to]
    counts = {email: arrived.count(email) for email in recipients}
    return {"mails": mails, "forgot_answers": answers, "while_down": queued,
            "next_attempt_after_outage_s": round(float(outage_wait or 0), 1), "mail_send_runs": runs,
            "mail_send_interval_s": interval,
            "delivered_after_s": round(delivered_after, 1) if delivered_after else None,
            "received": len(arrived), "missing": [e for e, n in counts.items() if n == 0],
            "doubled": [e for e, n in counts.items() if n > 1], "unexpected": len(set(arrived) - set(recipients))}
