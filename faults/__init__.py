"""The fault suite: does the portal lose or double anything when its services fail?

``make faults`` starts a stack of its own (a PostgreSQL cluster made with initdb in a
temporary folder, a Redis for the broker and one for the cache, a slow SMTP server that
records what it accepts, gunicorn, a Celery worker and beat, all on free ports of
127.0.0.1; never the machine's own services), drives a load of applications through the
real HTTP form, and injects one fault per scenario:

- ``worker-killed``: the worker's pool processes are killed with SIGKILL, twice, while
  mail is being sent (the mail server takes a quarter of a second per message);
- ``redis-stopped``: both Redis servers stop for 30 seconds and come back empty;
- ``postgres-restarted``: PostgreSQL shuts down fast (every connection cut) and starts;
- ``identical-posts``: the same application posted 50 times at once.

After each, it waits for the outbox sweeps and counts: applications accepted and refused
(by status), rows stored, outbox rows by state, mails per recipient, lost (accepted but not
stored, or a mail due that never arrived), duplicated (stored twice, or a mail delivered
twice, even as one Message-ID), people holding two live sign-in links, apply p95 (all and
during the fault) and the recovery time. It prints a table and exits 1 on any loss or
duplicate, on an application refused while Redis was down, on an apply p95 over a second
during that outage, or on the 50 posts making more than one row and one mail.

    make faults                          # 1,000 applications per scenario (about 15 min)
    make faults FAULTS_ARGS="--short"    # what CI runs: 150 per scenario, short outages
    .venv/bin/python -m faults --help

Modules: ``stack`` (the services), ``mail_sink`` (the SMTP server), ``loads`` (what is
driven and counted: add a load there, e.g. assessment autosaves), ``scenarios`` (the
faults), ``run`` (the command line and the table). Results: docs/reliability.md.
"""
