using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Koordinering.ServiceDefaults.Data;

namespace Koordinering.ServiceDefaults.Audit;

/// <summary>
/// Stores the audit records of calls that wrote nothing themselves (reads, denials), with group commit:
/// the records of the calls that end while one insert is in flight go together in the next, and each call
/// is answered only once its own records are committed. So a read still costs its caller a commit's wait
/// but the database one commit per batch, not per read, and an access that cannot be recorded is still not
/// answered (ADR 9).
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, ServiceDatabaseRegistration database)
{
    /// <summary>At most this many records in one insert; more wait for the next.</summary>
    public const int MaxBatch = 512;

    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queue = new();
    private bool _flushing;

    private sealed record Pending(IReadOnlyList<AuditRecord> Records, TaskCompletionSource Stored);

    /// <summary>Completes when the records are committed; faults with the database's exception when they cannot be.</summary>
    public Task WriteAsync(IReadOnlyList<AuditRecord> records)
    {
        var pending = new Pending(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            lead = !_flushing;
            _flushing = true;
        }
        if (lead)
        {
            _ = FlushAsync();
        }
        return pending.Stored.Task;
    }

    private async Task FlushAsync()
    {
        while (Next() is { Count: > 0 } batch)
        {
            try
            {
                await SaveAsync(batch);
                batch.ForEach(p => p.Stored.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One call's bad record must not fail the others': each is tried on its own.
                foreach (var pending in batch)
                {
                    try
                    {
                        await SaveAsync([pending]);
                        pending.Stored.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        pending.Stored.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Stored.TrySetException(ex);
            }
        }
    }

    private async Task SaveAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        db.Set<AuditRecord>().AddRange(batch.SelectMany(p => p.Records));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The calls waiting, up to <see cref="MaxBatch"/> records; none (and the flush ends) when none wait.</summary>
    private List<Pending> Next()
    {
        lock (_gate)
        {
            var batch = new List<Pending>();
            var records = 0;
            while (_queue.TryPeek(out var next) && (batch.Count == 0 || records + next.Records.Count <= MaxBatch))
            {
                batch.Add(_queue.Dequeue());
                records += next.Records.Count;
            }
            _flushing = batch.Count > 0;
            return batch;
        }
    }
}
