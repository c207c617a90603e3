using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.Application.Applications;

/// <summary>Changes a received application through its own methods: withdrawal, interim reply, appeal and its outcome, a parent confirmed; each with its event in the same transaction.</summary>
public sealed class ApplicationHandler(ApplicationDbContext db, TimeProvider time, ApplicationAccess access)
{
    /// <summary>The person, a guardian or the one who applied withdraws it.</summary>
    public Task<Domain.Application> WithdrawAsync(Caller caller, Guid id, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Owner, (a, now) =>
        {
            a.Withdraw(caller.Actor, reason, now);
            db.AddEvent(ApplicationEvents.Withdrawn(a, now));
        }, cancellationToken);

    /// <summary>A caseworker tells the applicant why the case takes longer and when a decision is expected (forvaltningsloven § 11 a).</summary>
    public Task<Domain.Application> RecordInterimReplyAsync(Caller caller, Guid id, string reason, DateOnly expected, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Administer, (a, now) =>
        {
            a.RecordInterimReply(caller.Actor, reason, expected, automatic: false, now);
            db.AddEvent(ApplicationEvents.InterimReply(a, now));
        }, cancellationToken);

    /// <summary>The person or a guardian appeals the decision; a late appeal is registered and marked late (forvaltningsloven §§ 29–31).</summary>
    public Task<Domain.Application> RegisterAppealAsync(Caller caller, Guid id, DateTimeOffset receivedAt, string? grounds, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Owner, (a, now) =>
        {
            a.Appeal(caller.Actor, receivedAt, grounds, now);
            db.AddEvent(ApplicationEvents.AppealRegistered(a, now));
        }, cancellationToken);

    public Task<Domain.Application> ForwardAppealAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Administer, (a, now) =>
        {
            a.ForwardAppeal(caller.Actor, now);
            db.AddEvent(ApplicationEvents.AppealForwarded(a, now));
        }, cancellationToken);

    public Task<Domain.Application> RecordAppealOutcomeAsync(Caller caller, Guid id, AppealOutcome outcome, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Administer, (a, now) => a.RecordAppealOutcome(caller.Actor, outcome, now), cancellationToken);

    /// <summary>A caseworker confirms a parent named on an expected child's application; only then may that parent read it.</summary>
    public Task<Domain.Application> ConfirmParentAsync(Caller caller, Guid id, string parent, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, Reach.Administer, (a, now) =>
        {
            if (a.ParentIdentityNumbers.Count == 0)
            {
                throw RpcErrors.FailedPrecondition("This application names no parents: it is not for an expected child.");
            }
            if (!a.ParentIdentityNumbers.Contains(parent))
            {
                throw RpcErrors.InvalidArgument("parent_identity_number", "must be one of the parents named on the application");
            }
            a.ConfirmParent(parent, caller.Actor, now);
        }, cancellationToken);

    private async Task<Domain.Application> ChangeAsync(Caller caller, Guid id, Reach needed, Action<Domain.Application, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var application = await access.LoadAsync(caller, id, needed, tracked: true, cancellationToken);
        change(application, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return application;
    }
}
