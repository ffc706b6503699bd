#!/usr/bin/env python3
"""Enqueue Muffle jobs from a Python platform, the two supported ways.

1. Transactional outbox (psycopg 3): the platform writes its row and the job that must run
   for it in ONE transaction. If the transaction rolls back, the job never exists; once it
   commits, Muffle's relay (inside `muffle run` / `muffle clock`) moves it to the queue.

       producer.py outbox --dsn postgresql://... --account-id 7 --body "card 4111..." [--rollback]

2. HTTP API: POST /jobs/{name} with a bearer token and an Idempotency-Key, so a request
   retried after a lost response enqueues nothing new (it gets the first task id back).

       producer.py http --url http://localhost:8080 --token T --job redact_text \
           --payload '{"text_id": 42}' --key text-42-redact

Each mode prints one JSON line describing what it did. Payloads carry ids only, never values:
the worker reads the values from the database.
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


def enqueue_with_outbox(dsn, account_id, body, rollback):
    import psycopg  # psycopg 3

    with psycopg.connect(dsn) as conn:
        with conn.transaction(force_rollback=rollback):
            with conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO texts (account_id, body) VALUES (%s, %s) RETURNING id",
                    (account_id, body),
                )
                (text_id,) = cur.fetchone()
                # Just `job` and `payload`: run_at and idempotency_key are optional.
                cur.execute(
                    "INSERT INTO job_outbox (job, payload) VALUES (%s, %s::jsonb)",
                    ("redact_text", json.dumps({"text_id": text_id})),
                )
    return {"text_id": text_id, "committed": not rollback}


def enqueue_over_http(url, token, job, payload, key):
    request = urllib.request.Request(
        f"{url.rstrip('/')}/jobs/{job}",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return {"status": response.status, **json.load(response)}
    except urllib.error.HTTPError as error:
        # 4xx/5xx carry {"error": "..."}; 503 means the queue is down: retry with the SAME key.
        return {"status": error.code, **json.load(error)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    outbox = modes.add_parser("outbox", help="write a text and its redact_text job in one transaction")
    outbox.add_argument("--dsn", required=True)
    outbox.add_argument("--account-id", type=int, required=True)
    outbox.add_argument("--body", required=True)
    outbox.add_argument("--rollback", action="store_true", help="roll the transaction back")
    http = modes.add_parser("http", help="POST /jobs/{name} with an Idempotency-Key")
    http.add_argument("--url", required=True)
    http.add_argument("--token", required=True)
    http.add_argument("--job", required=True)
    http.add_argument("--payload", required=True, help="JSON object of ids")
    http.add_argument("--key", required=True, help="Idempotency-Key (1-255 printable ASCII)")
    args = parser.parse_args()

    if args.mode == "outbox":
        result = enqueue_with_outbox(args.dsn, args.account_id, args.body, args.rollback)
    else:
        result = enqueue_over_http(args.url, args.token, args.job, json.loads(args.payload), args.key)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
