#!/usr/bin/env ruby
# Enqueue Muffle jobs from a Ruby platform, the two supported ways (see producer.py for the
# same in Python, and the README's "Enqueueing jobs" for the wire format).
#
# 1. Transactional outbox (the `pg` gem): the platform's row and its job in ONE transaction.
#      producer.rb outbox DSN ACCOUNT_ID BODY [rollback]
# 2. HTTP API (Net::HTTP, standard library): POST /jobs/{name} with an Idempotency-Key.
#      producer.rb http URL TOKEN JOB PAYLOAD_JSON KEY
#
# Each mode prints one JSON line describing what it did. Payloads carry ids only.

require "json"
require "net/http"
require "uri"

def enqueue_with_outbox(dsn, account_id, body, rollback)
  require "pg"
  conn = PG.connect(dsn)
  text_id = nil
  begin
    conn.transaction do |tx|
      text_id = tx.exec_params(
        "INSERT INTO texts (account_id, body) VALUES ($1, $2) RETURNING id",
        [account_id, body]
      ).getvalue(0, 0).to_i
      # Just `job` and `payload`: run_at and idempotency_key are optional.
      tx.exec_params(
        "INSERT INTO job_outbox (job, payload) VALUES ($1, $2::jsonb)",
        ["redact_text", JSON.generate({ text_id: text_id })]
      )
      raise PG::Error, "rolled back on purpose" if rollback
    end
  rescue PG::Error => e
    raise unless rollback && e.message == "rolled back on purpose"
  ensure
    conn.close
  end
  { text_id: text_id, committed: !rollback }
end

def enqueue_over_http(url, token, job, payload, key)
  uri = URI.join(url.end_with?("/") ? url : "#{url}/", "jobs/#{job}")
  request = Net::HTTP::Post.new(uri)
  request["Authorization"] = "Bearer #{token}"
  request["Content-Type"] = "application/json"
  # Retrying with the same key (after a timeout or a 503) never enqueues twice.
  request["Idempotency-Key"] = key
  request.body = JSON.generate(payload)
  response = Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 10) do |http|
    http.request(request)
  end
  { status: response.code.to_i }.merge(JSON.parse(response.body))
end

mode = ARGV.shift
result =
  case mode
  when "outbox"
    dsn, account_id, body, rollback = ARGV
    enqueue_with_outbox(dsn, Integer(account_id), body, rollback == "rollback")
  when "http"
    url, token, job, payload, key = ARGV
    enqueue_over_http(url, token, job, JSON.parse(payload), key)
  else
    warn "usage: producer.rb outbox DSN ACCOUNT_ID BODY [rollback] | http URL TOKEN JOB PAYLOAD KEY"
    exit 2
  end
puts JSON.generate(result)
