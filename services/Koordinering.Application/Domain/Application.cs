using Koordinering.Domain;

namespace Koordinering.Application.Domain;

public enum ApplicationStatus
{
    Received = 1,
    InAssessment = 2,
    Decided = 3,
    Appealed = 4,
    Final = 5,
    Withdrawn = 6,
    Reversed = 7,
    Forwarded = 8,
}

public enum AppealOutcome
{
    Upheld = 1,
    Changed = 2,
    SetAside = 3,
}

/// <summary>A move the life cycle does not allow.</summary>
public sealed class InvalidTransitionException(ApplicationStatus from, ApplicationStatus to)
    : DomainRuleException($"A case that is {from} cannot become {to}.")
{
    public ApplicationStatus From { get; } = from;
    public ApplicationStatus To { get; } = to;
}

/// <summary>
/// The life cycle: received → in assessment → decided → (appealed → reversed / forwarded to the
/// Statsforvalteren → final); or withdrawn before a decision.
/// </summary>
public static class Lifecycle
{
    private static readonly Dictionary<ApplicationStatus, ApplicationStatus[]> Allowed = new()
    {
        [ApplicationStatus.Received] = [ApplicationStatus.InAssessment, ApplicationStatus.Decided, ApplicationStatus.Withdrawn],
        [ApplicationStatus.InAssessment] = [ApplicationStatus.Decided, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Decided] = [ApplicationStatus.Appealed],
        [ApplicationStatus.Appealed] = [ApplicationStatus.Reversed, ApplicationStatus.Forwarded],
        [ApplicationStatus.Reversed] = [ApplicationStatus.Appealed],
        [ApplicationStatus.Forwarded] = [ApplicationStatus.Final],
        [ApplicationStatus.Final] = [],
        [ApplicationStatus.Withdrawn] = [],
    };

    public static bool CanMove(ApplicationStatus from, ApplicationStatus to) => Allowed[from].Contains(to);

    /// <summary>Undecided: still within the one-month rule of fvl § 11 a.</summary>
    public static bool IsUndecided(ApplicationStatus status) => status is ApplicationStatus.Received or ApplicationStatus.InAssessment;
}

/// <summary>Deadlines of a case, from the law, counted in Norwegian calendar days (Europe/Oslo).</summary>
public static class LegalDeadlines
{
    public const int AppealWeeks = 4;

    /// <summary>
    /// fvl § 11 a: an interim reply when a case is not decided within one month of receipt: the
    /// same Norwegian wall-clock time on the same day of the next month, or its last day (31 January
    /// → 28/29 February), whatever the daylight-saving changes in between.
    /// </summary>
    public static DateTimeOffset InterimReplyDue(DateTimeOffset receivedAt)
    {
        var local = TimeZoneInfo.ConvertTime(receivedAt, NorwegianTime.Zone);
        return NorwegianTime.At(DateOnly.FromDateTime(local.DateTime).AddMonths(1), TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>
    /// pasrl § 7-5: 4 weeks from the day the person got, or should have got, the decision. The
    /// deadline runs to the end of its last day, and a last day that is a weekend, a public holiday,
    /// Christmas Eve or New Year's Eve moves to the next working day (domstolloven § 149, as
    /// forvaltningsloven counts its deadlines).
    /// </summary>
    public static DateTimeOffset AppealDeadline(DateTimeOffset decisionSentAt) =>
        NorwegianTime.EndOf(NorwegianCalendar.OnOrNextWorkingDay(NorwegianTime.Today(decisionSentAt).AddDays(AppealWeeks * 7)));
}

/// <summary>A request (henvendelse/søknad) for a coordinator, a child coordinator and/or an individual plan.</summary>
public sealed class Application
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }
    public ApplicationStatus Status { get; private set; }
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The person concerned (sensitive: never logged); null for an expected child.</summary>
    public string? PersonIdentityNumber { get; init; }
    public DateOnly? ExpectedBirthDate { get; init; }
    public List<string> ParentIdentityNumbers { get; init; } = [];

    /// <summary>
    /// The named parents who own the case: the one who submitted it, those a caseworker named or
    /// confirmed. A parent someone else named reads nothing and is told nothing until confirmed.
    /// </summary>
    public List<string> ConfirmedParentIdentityNumbers { get; init; } = [];

    public ApplicantRelation ApplicantRelation { get; init; } = ApplicantRelation.Person;
    public string? ApplicantOrganisation { get; init; }

    public List<RequestedRight> RequestedRights { get; init; } = [];

    /// <summary>The applicant was not sure: assess every right that could apply.</summary>
    public bool AssessAll { get; init; }

    public List<ServiceNeed> Services { get; init; } = [];
    public ExpectedDuration ExpectedDuration { get; init; }

    /// <summary>Free text about the condition (sensitive: never logged, never in a short notice).</summary>
    public string? ConditionDescription { get; init; }

    public string? PreferredCoordinator { get; init; }
    public bool WantsIndividualPlan { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactMobile { get; init; }

    /// <summary>Who submitted it (caller kind and id) and their request id, so a retry returns this application.</summary>
    public string SubmittedBy { get; init; } = "";
    public string ClientRequestId { get; init; } = "";

    public DateTimeOffset InterimReplyDue { get; init; }
    public string? InterimReplyReason { get; private set; }
    public DateOnly? InterimReplyExpectedDate { get; private set; }
    public bool InterimReplyAutomatic { get; private set; }
    public DateTimeOffset? InterimReplyRecordedAt { get; private set; }

    public Guid? AssessmentId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    public DateTimeOffset? AppealReceivedAt { get; private set; }
    public DateTimeOffset? AppealDeadline { get; private set; }
    public bool AppealLate { get; private set; }
    public string? AppealGrounds { get; private set; }
    public AppealOutcome? AppealOutcome { get; private set; }

    /// <summary>PostgreSQL's xmin: two writers of one case cannot both win.</summary>
    public uint Version { get; private set; }

    public List<ApplicationHistoryEntry> History { get; init; } = [];

    public static Application Receive(Application application, string actor)
    {
        application.Status = ApplicationStatus.Received;
        application.Record(actor, "submitted", null, ApplicationStatus.Received, null, application.ReceivedAt);
        return application;
    }

    /// <param name="actor">The event that brought it (<see cref="EventTypes.ActorOf"/>).</param>
    public void AssessmentReady(Guid assessmentId, DateTimeOffset at, string actor)
    {
        AssessmentId = assessmentId;
        if (Status == ApplicationStatus.Received)
        {
            MoveTo(ApplicationStatus.InAssessment, actor, "assessment_ready", null, at);
        }
    }

    public void Decided(Guid assessmentId, DateTimeOffset decidedAt, string detail, string actor)
    {
        AssessmentId = assessmentId;
        DecidedAt = decidedAt;
        MoveTo(ApplicationStatus.Decided, actor, "decided", detail, decidedAt);
    }

    /// <summary>A caseworker confirms a named parent; confirming one twice changes nothing.</summary>
    public void ConfirmParent(string parent, string actor, DateTimeOffset at)
    {
        var index = ParentIdentityNumbers.IndexOf(parent);
        if (index < 0)
        {
            throw new ArgumentException("Only a parent named on the application can be confirmed.", nameof(parent));
        }
        if (!ConfirmedParentIdentityNumbers.Contains(parent))
        {
            ConfirmedParentIdentityNumbers.Add(parent);
            Record(actor, "parent_confirmed", Status, Status, $"parent {index + 1}", at);
        }
    }

    public void Withdraw(string actor, string? reason, DateTimeOffset at) =>
        MoveTo(ApplicationStatus.Withdrawn, actor, "withdrawn", reason, at);

    public void RecordInterimReply(string actor, string reason, DateOnly expectedDate, bool automatic, DateTimeOffset at)
    {
        if (!Lifecycle.IsUndecided(Status))
        {
            throw new InvalidTransitionException(Status, Status);
        }
        InterimReplyReason = reason;
        InterimReplyExpectedDate = expectedDate;
        InterimReplyAutomatic = automatic;
        InterimReplyRecordedAt = at;
        Record(actor, automatic ? "interim_reply_automatic" : "interim_reply", Status, Status, $"expected {expectedDate:yyyy-MM-dd}", at);
    }

    /// <summary>Registers an appeal; one received after the 4-week deadline is flagged as late, not refused.</summary>
    public void Appeal(string actor, DateTimeOffset receivedAt, string? grounds, DateTimeOffset at)
    {
        if (!Lifecycle.CanMove(Status, ApplicationStatus.Appealed))
        {
            throw new InvalidTransitionException(Status, ApplicationStatus.Appealed);
        }
        AppealReceivedAt = receivedAt;
        AppealDeadline = LegalDeadlines.AppealDeadline(DecidedAt ?? receivedAt);
        AppealLate = receivedAt > AppealDeadline;
        AppealGrounds = grounds;
        AppealOutcome = null;
        MoveTo(ApplicationStatus.Appealed, actor, "appealed", AppealLate ? "late" : null, at);
    }

    public void Reversed(DateTimeOffset at, string detail, string actor) =>
        MoveTo(ApplicationStatus.Reversed, actor, "reversed", detail, at);

    public void ForwardAppeal(string actor, DateTimeOffset at) =>
        MoveTo(ApplicationStatus.Forwarded, actor, "forwarded_to_statsforvalteren", null, at);

    public void RecordAppealOutcome(string actor, AppealOutcome outcome, DateTimeOffset at)
    {
        if (!Lifecycle.CanMove(Status, ApplicationStatus.Final))
        {
            throw new InvalidTransitionException(Status, ApplicationStatus.Final);
        }
        AppealOutcome = outcome;
        MoveTo(ApplicationStatus.Final, actor, "appeal_outcome", outcome.ToString(), at);
    }

    private void MoveTo(ApplicationStatus to, string actor, string action, string? detail, DateTimeOffset at)
    {
        if (!Lifecycle.CanMove(Status, to))
        {
            throw new InvalidTransitionException(Status, to);
        }
        var from = Status;
        Status = to;
        Record(actor, action, from, to, detail, at);
    }

    private void Record(string actor, string action, ApplicationStatus? from, ApplicationStatus? to, string? detail, DateTimeOffset at) =>
        History.Add(new ApplicationHistoryEntry { ApplicationId = Id, At = at, Actor = actor, Action = action, FromStatus = from, ToStatus = to, Detail = detail });
}

/// <summary>One change to a case: who, when, what.</summary>
public sealed class ApplicationHistoryEntry
{
    public long Id { get; init; }
    public Guid ApplicationId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public ApplicationStatus? FromStatus { get; init; }
    public ApplicationStatus? ToStatus { get; init; }
    public string? Detail { get; init; }
}
