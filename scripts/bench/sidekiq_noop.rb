# The Sidekiq side of `scripts/bench/compare_sidekiq.sh`: a no-op job, and (run as a script)
# the enqueue and the wait for every job to be processed.
require "sidekiq"
require "sidekiq/api"

# Like `RUST_LOG=warn` on Muffle's side: no line per job, no redis-rb deprecation notices.
Sidekiq.logger.level = Logger::WARN
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)

class NoopJob
  include Sidekiq::Job
  sidekiq_options retry: false

  def perform(_id); end
end

if $PROGRAM_NAME == __FILE__
  command, count = ARGV[0], Integer(ARGV[1])
  case command
  when "enqueue"
    Sidekiq.redis(&:flushdb)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    (0...count).each_slice(1_000) do |ids|
      Sidekiq::Client.push_bulk("class" => NoopJob, "args" => ids.map { |i| [i] })
    end
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    puts format("sidekiq: enqueued %d jobs in %.2f s", count, elapsed)
  when "wait"
    # Timed from the first job taken (Sidekiq's boot, a few seconds, is left out) until the
    # queue is empty and no job is running. Sidekiq's processed counter is only flushed on
    # its heartbeat, so the queue is what is watched.
    queue = Sidekiq::Queue.new
    sleep 0.001 while (left = queue.size) >= count
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    sleep 0.002 until queue.size.zero? && Sidekiq::Workers.new.size.zero?
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    puts format("sidekiq: processed %d jobs in %.2f s = %.0f jobs/s", left, elapsed, left / elapsed)
  end
end
