# The Sidekiq side of `scripts/bench/compare_sidekiq.sh`: a no-op job, and (run as a script)
# the enqueue and the wait for every job to be processed.
require "sidekiq"
require "sidekiq/api"

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
    # Timed from the first processed job (Sidekiq's boot, a few seconds, is left out) until
    # its own processed counter reaches `count`.
    sleep 0.001 while (first = Sidekiq::Stats.new.processed).zero?
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    sleep 0.01 until Sidekiq::Stats.new.processed >= count
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    done = count - first
    puts format("sidekiq: processed %d jobs in %.2f s = %.0f jobs/s", done, elapsed, done / elapsed)
  end
end
