using Koordinering.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

public sealed class PlanApi(PlanDbContext db, TimeProvider time, IPopulationRegister register, SubjectAccess access, IConsentCheck consent, AuditTrail audit) : V1.PlanService.PlanServiceBase
{
    public const string ReadScope = "koordinering:plan.read";
    private static readonly ServiceScopes Scopes = new(ReadScope);

    /// <summary>What a caller may do with one person's coordination and plan (docs/domain.md).</summary>
    private enum Access
    {
        None = 0,
        Participant = 1,
        Owner = 2,
        Caseworker = 3,
        Coordinator = 4,
    }

    public override async Task<V1.GetCoordinationResponse> GetCoordination(V1.GetCoordinationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var coordination = await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstOrDefaultAsync(c => c.Id == id, context.CancellationToken);
        if (coordination is null || await AccessAsync(context, coordination, plan: null) == Access.None)
        {
            throw RpcErrors.NotFound("coordination");
        }
        return new V1.GetCoordinationResponse { Coordination = PlanMapping.ToProto(coordination) };
    }

    public override async Task<V1.AppointCoordinatorResponse> AppointCoordinator(V1.AppointCoordinatorRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var c = request.Coordinator;
        var violations = new List<(string, string)>();
        if (c is null)
        {
            violations.Add(("coordinator", "is required"));
        }
        else
        {
            Required(c.EmployeeId, "coordinator.employee_id", 64, violations);
            Required(c.Name, "coordinator.name", 200, violations);
            if (c.OrganisationNumber.Length != 9 || !c.OrganisationNumber.All(char.IsAsciiDigit))
            {
                violations.Add(("coordinator.organisation_number", "must be an organisation number of nine digits"));
            }
            if (c.Kind == V1.CoordinatorKind.Unspecified)
            {
                violations.Add(("coordinator.kind", "must be coordinator or child coordinator"));
            }
            if (!c.WishFollowed && c.WishedFor.Length > 0 && string.IsNullOrWhiteSpace(c.ReasonWishNotFollowed))
            {
                violations.Add(("coordinator.reason_wish_not_followed", "is required when the person's wish was not followed"));
            }
            Optional(c.Email, "coordinator.email", 254, violations);
            Optional(c.Phone, "coordinator.phone", 20, violations);
            Optional(c.WishedFor, "coordinator.wished_for", 200, violations);
            Optional(c.ReasonWishNotFollowed, "coordinator.reason_wish_not_followed", 1000, violations);
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var coordination = await db.Coordinations.Include(x => x.Appointments).FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        if (coordination is null || await AccessAsync(context, coordination, plan: null) < Access.Owner)
        {
            throw RpcErrors.NotFound("coordination");
        }
        var caller = context.Caller();
        if (!SubjectAccess.IsCaseworkerOf(caller, coordination.MunicipalityNumber))
        {
            throw RpcErrors.PermissionDenied("Coordinators are appointed by a caseworker of the municipality.");
        }
        var now = time.GetUtcNow();
        var (appointment, replacement) = coordination.Appoint(new CoordinatorAppointment
        {
            Id = Guid.CreateVersion7(now), CoordinationId = coordination.Id, EmployeeId = c!.EmployeeId.Trim(), Name = c.Name.Trim(),
            OrganisationNumber = c.OrganisationNumber, OrganisationName = c.OrganisationName.NullIfBlank(), Email = c.Email.NullIfBlank(), Phone = c.Phone.NullIfBlank(),
            ChildCoordinator = c.Kind == V1.CoordinatorKind.ChildCoordinator, WishedFor = c.WishedFor.NullIfBlank(), WishFollowed = c.WishFollowed,
            ReasonWishNotFollowed = c.ReasonWishNotFollowed.NullIfBlank(), AppointedAt = now, AppointedBy = caller.Actor,
        });
        db.AddEvent(new EventEnvelope(now, coordination.MunicipalityNumber, coordination.Id).Stamp(new CoordinatorAppointedV1
        {
            CoordinationId = coordination.Id,
            PersonIdentityNumber = coordination.PersonIdentityNumber,
            ChildCoordinator = appointment.ChildCoordinator,
            CoordinatorEmployeeId = appointment.EmployeeId,
            CoordinatorName = appointment.Name,
            CoordinatorEmail = appointment.Email,
            CoordinatorPhone = appointment.Phone,
            CoordinatorOrganisation = appointment.OrganisationName ?? appointment.OrganisationNumber,
            Replacement = replacement,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.AppointCoordinatorResponse { Coordination = PlanMapping.ToProto(coordination) };
    }

    public override async Task<V1.CreateIndividualPlanResponse> CreateIndividualPlan(V1.CreateIndividualPlanRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var violations = new List<(string, string)>();
        var document = PlanMapping.ToDocument(request.Content, violations);
        violations.AddRange(PlanRules.Check(document));
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var coordination = await LoadCoordinationForChangeAsync(id, context);
        if (!coordination.IndividualPlanGranted && !coordination.CoordinatorGranted && !coordination.ChildCoordinatorGranted)
        {
            throw RpcErrors.FailedPrecondition("No right to an individual plan has been granted for this person.");
        }
        if (await db.Plans.AnyAsync(p => p.PersonIdentityNumber == coordination.PersonIdentityNumber && p.Kind == PlanKind.IndividualPlan, context.CancellationToken))
        {
            throw RpcErrors.AlreadyExists("The person already has an individual plan; there is only one per person.");
        }
        var verdict = await consent.CheckAsync(coordination.PersonIdentityNumber, ConsentPurpose.IndividualPlan, null, null, context.CancellationToken);
        switch (verdict.Answer)
        {
            case ConsentAnswer.Unreachable:
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, verdict.Reason));
            case ConsentAnswer.Denied:
                throw RpcErrors.FailedPrecondition("The person has not consented to an individual plan: a plan is made only with written consent.");
        }
        return new V1.CreateIndividualPlanResponse { Plan = await CreatePlanAsync(coordination, PlanKind.IndividualPlan, document, verdict.ConsentId, context) };
    }

    public override async Task<V1.CreateServiceOverviewResponse> CreateServiceOverview(V1.CreateServiceOverviewRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var violations = new List<(string, string)>();
        var content = new V1.PlanContent();
        content.Participants.AddRange(request.Services);
        var document = PlanMapping.ToDocument(content, violations, "services");
        violations.AddRange(PlanRules.Check(document, "services").Select(v => (v.Field.Replace("services.participants", "services", StringComparison.Ordinal), v.Description)));
        for (var i = 0; i < request.Services.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Services[i].AreaOfResponsibility))
            {
                violations.Add(($"services[{i}].area_of_responsibility", "is required in a service overview"));
            }
        }
        if (request.Services.Count == 0)
        {
            violations.Add(("services", "must name at least one service"));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var coordination = await LoadCoordinationForChangeAsync(id, context);
        if (coordination.PlanId is not null)
        {
            throw RpcErrors.AlreadyExists("This coordination already has a plan or service overview.");
        }
        return new V1.CreateServiceOverviewResponse { Plan = await CreatePlanAsync(coordination, PlanKind.ServiceOverview, document, null, context) };
    }

    public override async Task<V1.GetPlanResponse> GetPlan(V1.GetPlanRequest request, ServerCallContext context)
    {
        var (plan, _, _) = await LoadPlanAsync(request.PlanId, Access.Participant, context, tracked: false);
        return new V1.GetPlanResponse { Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.UpdatePlanResponse> UpdatePlan(V1.UpdatePlanRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        var document = PlanMapping.ToDocument(request.Content, violations);
        violations.AddRange(PlanRules.Check(document));
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var (plan, coordination, caller) = await LoadPlanAsync(request.PlanId, Access.Coordinator, context, tracked: true);
        var now = time.GetUtcNow();
        plan.Change(request.ExpectedVersion, document, "updated", caller.Actor, now);
        db.AddEvent(Changed(plan, coordination, now, "updated"));
        await SavePlanAsync(plan, context.CancellationToken);
        return new V1.UpdatePlanResponse { Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.ProposeChangeResponse> ProposeChange(V1.ProposeChangeRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Proposal) || request.Proposal.Length > PlanRules.MaxText)
        {
            throw RpcErrors.InvalidArgument("proposal", $"is required, at most {PlanRules.MaxText} characters");
        }
        var (plan, _, caller) = await LoadPlanAsync(request.PlanId, Access.Owner, context, tracked: false);
        var proposal = new ChangeProposal { Id = Guid.CreateVersion7(time.GetUtcNow()), PlanId = plan.Id, Text = request.Proposal.Trim(), ProposedBy = caller.Actor, ProposedAt = time.GetUtcNow() };
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ProposeChangeResponse { ProposalId = proposal.Id.ToString() };
    }

    public override async Task<V1.ClosePlanResponse> ClosePlan(V1.ClosePlanRequest request, ServerCallContext context)
    {
        var (plan, coordination, caller) = await LoadPlanAsync(request.PlanId, Access.Caseworker, context, tracked: true);
        var now = time.GetUtcNow();
        plan.Close(request.ExpectedVersion, caller.Actor, now);
        db.AddEvent(new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanClosedV1
        {
            PlanId = plan.Id,
            PersonIdentityNumber = coordination.PersonIdentityNumber,
        }));
        await SavePlanAsync(plan, context.CancellationToken);
        return new V1.ClosePlanResponse { Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.GetPlanHistoryResponse> GetPlanHistory(V1.GetPlanHistoryRequest request, ServerCallContext context)
    {
        var (plan, _, _) = await LoadPlanAsync(request.PlanId, Access.Participant, context, tracked: false);
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.PlanId == plan.Id).OrderBy(r => r.Version).ToListAsync(context.CancellationToken);
        var response = new V1.GetPlanHistoryResponse();
        response.Revisions.AddRange(revisions.Select(r => new V1.PlanRevision
        {
            Version = r.Version, ChangedAt = Timestamp.FromDateTimeOffset(r.ChangedAt), ChangedBy = r.ChangedBy, Change = r.Change,
            Before = r.Before is null ? null : PlanMapping.ToProto(r.Before), After = PlanMapping.ToProto(r.After),
        }));
        return response;
    }

    public override async Task<V1.ScheduleMeetingResponse> ScheduleMeeting(V1.ScheduleMeetingRequest request, ServerCallContext context)
    {
        var violations = MeetingViolations(request.StartsAt, request.EndsAt, request.Place, request.VideoLink);
        if (request.Agenda.Length > 4000)
        {
            violations.Add(("agenda", "must be at most 4000 characters"));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var (plan, coordination, _) = await LoadPlanAsync(request.PlanId, Access.Coordinator, context, tracked: false);
        var participants = plan.Content.Participants;
        var invited = request.InvitedParticipantIds.Count > 0
            ? request.InvitedParticipantIds.ToList()
            : participants.Where(p => p.MemberOfResponsibilityGroup).Select(p => p.Id).ToList();
        for (var i = 0; i < request.InvitedParticipantIds.Count; i++)
        {
            if (participants.All(p => p.Id != request.InvitedParticipantIds[i]))
            {
                throw RpcErrors.InvalidArgument($"invited_participant_ids[{i}]", "must name a participant of the plan");
            }
        }
        var now = time.GetUtcNow();
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(now), PlanId = plan.Id, StartsAt = request.StartsAt.ToDateTimeOffset(), EndsAt = request.EndsAt.ToDateTimeOffset(), // checked by MeetingViolations
            Place = request.Place.NullIfBlank(), VideoLink = request.VideoLink.NullIfBlank(), Agenda = request.Agenda.NullIfBlank(), InvitedParticipantIds = invited,
        };
        db.Meetings.Add(meeting);
        db.AddEvent(MeetingEvent(meeting, plan, coordination, MeetingChange.Scheduled, now));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ScheduleMeetingResponse { Meeting = PlanMapping.ToProto(meeting) };
    }

    public override async Task<V1.RescheduleMeetingResponse> RescheduleMeeting(V1.RescheduleMeetingRequest request, ServerCallContext context)
    {
        var violations = MeetingViolations(request.StartsAt, request.EndsAt, request.Place, request.VideoLink);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var (meeting, plan, coordination) = await LoadMeetingAsync(request.MeetingId, context);
        if (meeting.Status != MeetingStatus.Scheduled)
        {
            throw RpcErrors.FailedPrecondition($"The meeting is {meeting.Status.ToString().ToLowerInvariant()}.");
        }
        meeting.StartsAt = request.StartsAt.ToDateTimeOffset();
        meeting.EndsAt = request.EndsAt.ToDateTimeOffset();
        meeting.Place = request.Place.NullIfBlank() ?? meeting.Place;
        meeting.VideoLink = request.VideoLink.NullIfBlank() ?? meeting.VideoLink;
        var now = time.GetUtcNow();
        db.AddEvent(MeetingEvent(meeting, plan, coordination, MeetingChange.Rescheduled, now));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.RescheduleMeetingResponse { Meeting = PlanMapping.ToProto(meeting) };
    }

    public override async Task<V1.CancelMeetingResponse> CancelMeeting(V1.CancelMeetingRequest request, ServerCallContext context)
    {
        if (request.Reason.Length > 1000)
        {
            throw RpcErrors.InvalidArgument("reason", "must be at most 1000 characters");
        }
        var (meeting, plan, coordination) = await LoadMeetingAsync(request.MeetingId, context);
        if (meeting.Status != MeetingStatus.Scheduled)
        {
            throw RpcErrors.FailedPrecondition($"The meeting is {meeting.Status.ToString().ToLowerInvariant()}.");
        }
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancelReason = request.Reason.NullIfBlank();
        db.AddEvent(MeetingEvent(meeting, plan, coordination, MeetingChange.Cancelled, time.GetUtcNow()));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.CancelMeetingResponse { Meeting = PlanMapping.ToProto(meeting) };
    }

    public override async Task<V1.RecordMinutesResponse> RecordMinutes(V1.RecordMinutesRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Minutes) || request.Minutes.Length > 8000)
        {
            violations.Add(("minutes", "is required, at most 8000 characters"));
        }
        var newMeasures = new List<Measure>();
        for (var i = 0; i < request.Decisions.Count; i++)
        {
            Required(request.Decisions[i].Text, $"decisions[{i}].text", 2000, violations);
            if (request.Decisions[i].AsMeasure is { } m)
            {
                newMeasures.Add(PlanMapping.ToMeasure(m, violations, $"decisions[{i}].as_measure"));
            }
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var (meeting, plan, coordination) = await LoadMeetingAsync(request.MeetingId, context);
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            throw RpcErrors.FailedPrecondition("The meeting was cancelled.");
        }
        var now = time.GetUtcNow();
        meeting.Minutes = request.Minutes.Trim();
        meeting.Decisions = request.Decisions.Select(d => d.Text.Trim()).ToList();
        meeting.Status = MeetingStatus.Held;
        if (newMeasures.Count > 0)
        {
            var document = plan.Content with { Measures = [.. plan.Content.Measures, .. newMeasures] };
            var ruleViolations = PlanRules.Check(document);
            if (ruleViolations.Count > 0)
            {
                throw RpcErrors.InvalidArgument(ruleViolations);
            }
            plan.Change(request.ExpectedPlanVersion, document, "minutes", context.Caller().Actor, now);
            db.AddEvent(Changed(plan, coordination, now, "minutes"));
        }
        await SavePlanAsync(plan, context.CancellationToken);
        return new V1.RecordMinutesResponse { Meeting = PlanMapping.ToProto(meeting), Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.GetCalendarResponse> GetCalendar(V1.GetCalendarRequest request, ServerCallContext context)
    {
        var (from, to) = Range(request.From, request.To);
        var (plan, _, _) = await LoadPlanAsync(request.PlanId, Access.Participant, context, tracked: false);
        var response = new V1.GetCalendarResponse();
        response.Entries.AddRange((await CalendarAsync(plan, from, to, context.CancellationToken)).OrderBy(e => e.At.ToDateTimeOffset()));
        return response;
    }

    public override async Task<V1.GetMyCalendarResponse> GetMyCalendar(V1.GetMyCalendarRequest request, ServerCallContext context)
    {
        var (from, to) = Range(request.From, request.To);
        var caller = context.Caller();
        audit.Touch(caller.Kind == CallerKind.Citizen ? caller.Id : null, "calendar:mine");
        var candidates = new List<CarePlan>();
        switch (caller.Kind)
        {
            case CallerKind.Citizen:
                var people = (await register.ChildrenOfAsync(caller.Id, context.CancellationToken)).Append(caller.Id).ToList();
                candidates = await db.Plans.AsNoTracking().Where(p => people.Contains(p.PersonIdentityNumber) && p.Status == PlanStatus.Active).ToListAsync(context.CancellationToken);
                break;
            case CallerKind.Employee:
                var coordinated = db.Coordinations.Where(c => c.Appointments.Any(a => a.EmployeeId == caller.Id && a.ReplacedAt == null)).Select(c => c.Id);
                candidates = await db.Plans.AsNoTracking().Where(p => coordinated.Contains(p.CoordinationId) && p.Status == PlanStatus.Active).ToListAsync(context.CancellationToken);
                if (caller.Organisation is { Length: 9 } org && org.All(char.IsAsciiDigit))
                {
                    var filter = System.Text.Json.JsonSerializer.Serialize(new { participants = new[] { new { organisationNumber = org } } });
                    candidates.AddRange(await db.Plans.FromSql($"SELECT * FROM plans WHERE status = 'Active' AND content @> {filter}::jsonb").AsNoTracking().ToListAsync(context.CancellationToken));
                }
                break;
            default:
                throw RpcErrors.PermissionDenied("A calendar belongs to a person, a guardian, a coordinator or a participant.");
        }
        var entries = new List<V1.CalendarEntry>();
        var shown = new List<CarePlan>();
        foreach (var plan in candidates.DistinctBy(p => p.Id))
        {
            var coordination = await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstAsync(c => c.Id == plan.CoordinationId, context.CancellationToken);
            if (await AccessAsync(context, coordination, plan) >= Access.Participant)
            {
                entries.AddRange(await CalendarAsync(plan, from, to, context.CancellationToken));
                shown.Add(plan);
            }
        }
        audit.Disclosed(shown, p => p.PersonIdentityNumber, p => $"plan:{p.Id}:calendar");
        var response = new V1.GetMyCalendarResponse();
        response.Entries.AddRange(entries.OrderBy(e => e.At.ToDateTimeOffset()));
        return response;
    }

    private (DateTimeOffset From, DateTimeOffset To) Range(Timestamp? fromField, Timestamp? toField)
    {
        var now = time.GetUtcNow();
        var from = RpcErrors.Time(fromField, "from") ?? now;
        var to = RpcErrors.Time(toField, "to") ?? now.AddDays(90);
        if (to < from || to - from > TimeSpan.FromDays(731))
        {
            throw RpcErrors.InvalidArgument("to", "must be after from, at most two years later");
        }
        return (from, to);
    }

    private async Task<List<V1.CalendarEntry>> CalendarAsync(CarePlan plan, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.PlanId == plan.Id && m.Status == MeetingStatus.Scheduled && m.StartsAt >= from && m.StartsAt <= to)
            .ToListAsync(cancellationToken);
        var planId = plan.Id.ToString();
        return meetings.Select(m => new V1.CalendarEntry { Kind = "meeting", At = Timestamp.FromDateTimeOffset(m.StartsAt), Title = m.Agenda ?? "Ansvarsgruppemøte", ReferenceId = m.Id.ToString(), PlanId = planId })
            .Concat(plan.Content.Measures.Where(m => m.Deadline is not null && m.Status is MeasureStatus.Planned or MeasureStatus.Ongoing)
                .Select(m => new V1.CalendarEntry { Kind = "measure_deadline", At = Timestamp.FromDateTimeOffset(AtNoon(m.Deadline!.Value)), Title = m.Title, ReferenceId = m.Id, PlanId = planId }))
            .Concat(plan.Content.EvaluationDates.Select(d => new V1.CalendarEntry { Kind = "evaluation", At = Timestamp.FromDateTimeOffset(AtNoon(d)), Title = "Evaluering", PlanId = planId }))
            .Where(e => e.At.ToDateTimeOffset() >= from && e.At.ToDateTimeOffset() <= to)
            .ToList();
    }

    public override async Task<V1.RecordEvaluationResponse> RecordEvaluation(V1.RecordEvaluationRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        Required(request.Summary, "summary", PlanRules.MaxText, violations);
        var next = PlanMapping.Date(request.NextEvaluationDate, "next_evaluation_date", violations);
        var today = NorwegianTime.Today(time.GetUtcNow());
        if (next is null && violations.Count == 0)
        {
            violations.Add(("next_evaluation_date", "is required"));
        }
        else if (next <= today)
        {
            violations.Add(("next_evaluation_date", "must be after today"));
        }
        var measures = request.Measures.Select((m, i) => PlanMapping.ToMeasure(m, violations, $"measures[{i}]")).ToList();
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var (plan, coordination, caller) = await LoadPlanAsync(request.PlanId, Access.Coordinator, context, tracked: true);
        var goals = request.Goals.Count > 0 ? request.Goals.Select(g => new Goal(string.IsNullOrWhiteSpace(g.GoalId) ? Guid.NewGuid().ToString("N")[..12] : g.GoalId, g.Text.Trim(), string.IsNullOrWhiteSpace(g.StatusNote) ? null : g.StatusNote.Trim())).ToList() : plan.Content.Goals.ToList();
        var document = plan.Content with
        {
            Goals = goals,
            Measures = request.Measures.Count > 0 ? measures : plan.Content.Measures,
            EvaluationDates = plan.Content.EvaluationDates.Where(d => d > today).Append(next!.Value).Distinct().Order().ToList(),
        };
        var ruleViolations = PlanRules.Check(document);
        if (ruleViolations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(ruleViolations);
        }
        var now = time.GetUtcNow();
        plan.Change(request.ExpectedVersion, document, "evaluated", caller.Actor, now);
        db.AddEvent(Changed(plan, coordination, now, "evaluated"));
        await SavePlanAsync(plan, context.CancellationToken);
        return new V1.RecordEvaluationResponse { Plan = PlanMapping.ToProto(plan) };
    }

    private async Task<V1.Plan> CreatePlanAsync(Coordination coordination, PlanKind kind, PlanDocument document, Guid? consentId, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var plan = CarePlan.Create(new CarePlan
        {
            Id = Guid.CreateVersion7(now), CoordinationId = coordination.Id, MunicipalityNumber = coordination.MunicipalityNumber,
            PersonIdentityNumber = coordination.PersonIdentityNumber, Kind = kind, ConsentId = consentId, CreatedAt = now,
        }, document, context.Caller().Actor, now);
        db.Plans.Add(plan);
        coordination.PlanId = plan.Id;
        db.AddEvent(new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanCreatedV1
        {
            PlanId = plan.Id,
            CoordinationId = coordination.Id,
            PersonIdentityNumber = plan.PersonIdentityNumber,
            IndividualPlan = kind == PlanKind.IndividualPlan,
        }));
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw RpcErrors.AlreadyExists("The person already has an individual plan; there is only one per person.");
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RpcErrors.Aborted("The coordination changed while this request was handled; read it again and retry.");
        }
        return PlanMapping.ToProto(plan);
    }

    private async Task<Coordination> LoadCoordinationForChangeAsync(Guid id, ServerCallContext context)
    {
        var coordination = await db.Coordinations.Include(x => x.Appointments).FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        var access = coordination is null ? Access.None : await AccessAsync(context, coordination, plan: null);
        if (coordination is null || access < Access.Owner)
        {
            throw RpcErrors.NotFound("coordination");
        }
        if (access < Access.Caseworker)
        {
            throw RpcErrors.PermissionDenied("A plan is created by the coordinator or a caseworker of the municipality.");
        }
        return coordination;
    }

    private async Task<(CarePlan Plan, Coordination Coordination, Caller Caller)> LoadPlanAsync(string idText, Access needed, ServerCallContext context, bool tracked)
    {
        var id = RpcErrors.ParseId(idText, "plan_id");
        var plan = await (tracked ? db.Plans : db.Plans.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, context.CancellationToken);
        var coordination = plan is null ? null
            : await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstAsync(c => c.Id == plan.CoordinationId, context.CancellationToken);
        var access = coordination is null ? Access.None : await AccessAsync(context, coordination, plan);
        if (plan is null || coordination is null || access == Access.None)
        {
            throw RpcErrors.NotFound("plan");
        }
        var allowed = needed switch
        {
            Access.Coordinator => access == Access.Coordinator,
            Access.Caseworker => access is Access.Caseworker or Access.Coordinator,
            _ => access >= needed,
        };
        if (!allowed)
        {
            throw RpcErrors.PermissionDenied(needed switch
            {
                Access.Coordinator => "Only the person's coordinator edits the plan; the person and their guardians may propose changes.",
                Access.Caseworker => "Only a caseworker of the municipality or the coordinator may do this.",
                _ => "Participants may read the plan, not change it.",
            });
        }
        return (plan, coordination, context.Caller());
    }

    private async Task<(Meeting Meeting, CarePlan Plan, Coordination Coordination)> LoadMeetingAsync(string idText, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(idText, "meeting_id");
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken) ?? throw RpcErrors.NotFound("meeting");
        var (plan, coordination, _) = await LoadPlanAsync(meeting.PlanId.ToString(), Access.Coordinator, context, tracked: true);
        return (meeting, plan, coordination);
    }

    /// <summary>
    /// The person and their guardians read and propose; the appointed coordinator edits; a
    /// caseworker of the municipality reads and administers; a participant from another
    /// organisation reads only while the person's consent for participant access names them
    /// (asked of the Consent service, failing closed). Anyone else: nothing.
    /// </summary>
    private async Task<Access> AccessAsync(ServerCallContext context, Coordination coordination, CarePlan? plan)
    {
        var caller = context.Caller();
        audit.Touch(coordination.PersonIdentityNumber, plan is null ? $"coordination:{coordination.Id}" : $"plan:{plan.Id}", coordination.MunicipalityNumber);
        // The appointed coordinator is one employee of one organisation: an equal employee id elsewhere is someone else.
        if (caller.Kind == CallerKind.Employee && coordination.Current is { } current && current.EmployeeId == caller.Id && current.OrganisationNumber == caller.Organisation)
        {
            return Access.Coordinator;
        }
        var reach = await access.ReachAsync(caller, coordination.PersonIdentityNumber, coordination.MunicipalityNumber, Scopes, context.CancellationToken);
        if (reach != Reach.None)
        {
            return reach switch
            {
                Reach.Administer => Access.Caseworker,
                Reach.Owner => Access.Owner,
                _ => Access.Participant,
            };
        }
        if (caller.Kind != CallerKind.Employee || plan is null || caller.Organisation is not { } org || !plan.Content.Participants.Any(p => p.OrganisationNumber == org))
        {
            return Access.None;
        }
        var verdict = await consent.CheckAsync(coordination.PersonIdentityNumber, ConsentPurpose.ParticipantAccess, org, caller.Id, context.CancellationToken);
        if (verdict.Answer == ConsentAnswer.Unreachable)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, verdict.Reason));
        }
        var revoked = verdict.ConsentId is { } consentId
            && await db.Revocations.AnyAsync(r => r.ConsentId == consentId && r.OrganisationNumber == org && (r.PersonId == null || r.PersonId == caller.Id), context.CancellationToken);
        return verdict.Answer == ConsentAnswer.Allowed && !revoked ? Access.Participant : Access.None;
    }

    private static PlanChangedV1 Changed(CarePlan plan, Coordination coordination, DateTimeOffset now, string change) => new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanChangedV1
    {
        PlanId = plan.Id, PersonIdentityNumber = coordination.PersonIdentityNumber, Version = plan.Version, Change = change,
        Participants = plan.Content.Participants.Select(p => new PlanRecipient(p.Id, p.Role, p.Name, p.Contact)).ToList(),
    });

    private static MeetingChangedV1 MeetingEvent(Meeting meeting, CarePlan plan, Coordination coordination, MeetingChange change, DateTimeOffset now) => new EventEnvelope(now, plan.MunicipalityNumber, meeting.Id).Stamp(new MeetingChangedV1
    {
        MeetingId = meeting.Id, PlanId = plan.Id, PersonIdentityNumber = coordination.PersonIdentityNumber, Change = change,
        StartsAt = meeting.StartsAt, EndsAt = meeting.EndsAt, Place = meeting.Place, VideoLink = meeting.VideoLink,
        Invitees = plan.Content.Participants.Where(p => meeting.InvitedParticipantIds.Contains(p.Id)).Select(p => new PlanRecipient(p.Id, p.Role, p.Name, p.Contact)).ToList(),
    });

    private List<(string, string)> MeetingViolations(Timestamp? startsAt, Timestamp? endsAt, string place, string videoLink)
    {
        var violations = new List<(string, string)>();
        DateTimeOffset? start = null, end = null;
        try
        {
            start = RpcErrors.Time(startsAt, "starts_at");
            end = RpcErrors.Time(endsAt, "ends_at");
        }
        catch (RpcException)
        {
            violations.Add((start is null && startsAt is not null ? "starts_at" : "ends_at", "is not a valid time"));
            return violations;
        }
        if (start is null)
        {
            violations.Add(("starts_at", "is required"));
        }
        else if (start < time.GetUtcNow())
        {
            violations.Add(("starts_at", "must be in the future"));
        }
        if (end is null || (start is not null && end <= start))
        {
            violations.Add(("ends_at", "is required, after starts_at"));
        }
        if (string.IsNullOrWhiteSpace(place) && string.IsNullOrWhiteSpace(videoLink))
        {
            violations.Add(("place", "a place or a video link is required"));
        }
        Optional(place, "place", 200, violations);
        if (videoLink.Length > 0 && (videoLink.Length > 500 || !Uri.TryCreate(videoLink, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            violations.Add(("video_link", "must be an https address of at most 500 characters"));
        }
        return violations;
    }

    private static DateTimeOffset AtNoon(DateOnly date) => new(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    /// <summary>A plan saved over someone else's change answers with the version it now has (the interceptor makes it Aborted).</summary>
    private async Task SavePlanAsync(CarePlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new StaleVersionException(await db.Plans.AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.Version).FirstAsync(cancellationToken));
        }
    }

    private static void Required(string value, string field, int max, List<(string, string)> violations)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            violations.Add((field, $"is required, at most {max} characters"));
        }
    }

    private static void Optional(string value, string field, int max, List<(string, string)> violations)
    {
        if (value.Length > max)
        {
            violations.Add((field, $"must be at most {max} characters"));
        }
    }
}
