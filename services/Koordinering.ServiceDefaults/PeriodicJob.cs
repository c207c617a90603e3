using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Koordinering.ServiceDefaults;

/// <summary>
/// A background job that runs once at start and then every <see cref="Interval"/> on the
/// service's <see cref="TimeProvider"/> (so tests can move time). One failed pass is logged and
/// never stops the job.
/// </summary>
public abstract partial class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The service's clock (a fake one in tests).</summary>
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; returns how many items it handled.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // One failed pass must not stop the job: it runs again at the next interval.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, GetType().Name, ex.GetType().Name);
            }
#pragma warning restore CA1031
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed ({Error}); it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string job, string error);
}
