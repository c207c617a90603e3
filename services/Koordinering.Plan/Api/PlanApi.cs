using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Domain;
using Koordinering.Plan.Calendar;
using Koordinering.Plan.Coordinations;
using Koordinering.Plan.Meetings;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>The plan API: checks and maps the messages; the handlers decide (coordinations, plans, meetings, calendars).</summary>
public sealed class PlanApi(CoordinationHandler coordinations, PlanHandler plans, MeetingHandler meetings, CalendarQuery calendar, TimeProvider time) : V1.PlanService.PlanServiceBase
{
    public override async Task<V1.GetCoordinationResponse> GetCoordination(V1.GetCoordinationRequest request, ServerCallContext context) =>
        new() { Coordination = PlanMapping.ToProto(await coordinations.GetAsync(context.Caller(), RpcErrors.ParseId(request.CoordinationId, "coordination_id"), context.CancellationToken)) };

    public override async Task<V1.AppointCoordinatorResponse> AppointCoordinator(V1.AppointCoordinatorRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        PlanRequests.CheckAppointment(request.Coordinator);
        var caller = context.Caller();
        var coordination = await coordinations.AppointAsync(caller, id, (appointmentId, at) => PlanRequests.Appointment(request.Coordinator, id, appointmentId, at, caller.Actor), context.CancellationToken);
        return new() { Coordination = PlanMapping.ToProto(coordination) };
    }

    public override async Task<V1.CreateIndividualPlanResponse> CreateIndividualPlan(V1.CreateIndividualPlanRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var document = PlanRequests.Document(request.Content);
        return new() { Plan = PlanMapping.ToProto(await plans.CreateIndividualPlanAsync(context.Caller(), id, document, context.CancellationToken)) };
    }

    public override async Task<V1.CreateServiceOverviewResponse> CreateServiceOverview(V1.CreateServiceOverviewRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var document = PlanRequests.ServiceOverview(request.Services);
        return new() { Plan = PlanMapping.ToProto(await plans.CreateServiceOverviewAsync(context.Caller(), id, document, context.CancellationToken)) };
    }

    public override async Task<V1.GetPlanResponse> GetPlan(V1.GetPlanRequest request, ServerCallContext context) =>
        new() { Plan = PlanMapping.ToProto(await plans.GetAsync(context.Caller(), PlanId(request.PlanId), context.CancellationToken)) };

    public override async Task<V1.UpdatePlanResponse> UpdatePlan(V1.UpdatePlanRequest request, ServerCallContext context)
    {
        var document = PlanRequests.Document(request.Content);
        return new() { Plan = PlanMapping.ToProto(await plans.UpdateAsync(context.Caller(), PlanId(request.PlanId), request.ExpectedVersion, document, context.CancellationToken)) };
    }

    public override async Task<V1.ProposeChangeResponse> ProposeChange(V1.ProposeChangeRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        violations.RequireText(request.Proposal, "proposal", Domain.PlanLimits.MaxText);
        violations.ThrowIfAny();
        var proposal = await plans.ProposeAsync(context.Caller(), PlanId(request.PlanId), request.Proposal.Trim(), context.CancellationToken);
        return new() { ProposalId = proposal.Id.ToString() };
    }

    public override async Task<V1.ClosePlanResponse> ClosePlan(V1.ClosePlanRequest request, ServerCallContext context) =>
        new() { Plan = PlanMapping.ToProto(await plans.CloseAsync(context.Caller(), PlanId(request.PlanId), request.ExpectedVersion, context.CancellationToken)) };

    public override async Task<V1.GetPlanHistoryResponse> GetPlanHistory(V1.GetPlanHistoryRequest request, ServerCallContext context)
    {
        var response = new V1.GetPlanHistoryResponse();
        response.Revisions.AddRange((await plans.HistoryAsync(context.Caller(), PlanId(request.PlanId), context.CancellationToken)).Select(PlanMapping.ToProto));
        return response;
    }

    public override async Task<V1.RecordEvaluationResponse> RecordEvaluation(V1.RecordEvaluationRequest request, ServerCallContext context)
    {
        var (goals, measures, next) = PlanRequests.Evaluation(request, NorwegianTime.Today(time.GetUtcNow()));
        var plan = await plans.EvaluateAsync(context.Caller(), PlanId(request.PlanId), request.ExpectedVersion, goals, measures, next, context.CancellationToken);
        return new() { Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.ScheduleMeetingResponse> ScheduleMeeting(V1.ScheduleMeetingRequest request, ServerCallContext context)
    {
        var (startsAt, endsAt) = PlanRequests.Meeting(request.StartsAt, request.EndsAt, request.Place, request.VideoLink, request.Agenda, time.GetUtcNow());
        var meeting = await meetings.ScheduleAsync(context.Caller(), PlanId(request.PlanId), startsAt, endsAt, request.Place.NullIfBlank(), request.VideoLink.NullIfBlank(),
            request.Agenda.NullIfBlank(), request.InvitedParticipantIds, context.CancellationToken);
        return new() { Meeting = PlanMapping.ToProto(meeting) };
    }

    public override async Task<V1.RescheduleMeetingResponse> RescheduleMeeting(V1.RescheduleMeetingRequest request, ServerCallContext context)
    {
        var (startsAt, endsAt) = PlanRequests.Meeting(request.StartsAt, request.EndsAt, request.Place, request.VideoLink, agenda: null, time.GetUtcNow());
        var meeting = await meetings.RescheduleAsync(context.Caller(), MeetingId(request.MeetingId), startsAt, endsAt, request.Place.NullIfBlank(), request.VideoLink.NullIfBlank(), context.CancellationToken);
        return new() { Meeting = PlanMapping.ToProto(meeting) };
    }

    public override async Task<V1.CancelMeetingResponse> CancelMeeting(V1.CancelMeetingRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        violations.LimitText(request.Reason, "reason", Domain.PlanLimits.MaxReason);
        violations.ThrowIfAny();
        return new() { Meeting = PlanMapping.ToProto(await meetings.CancelAsync(context.Caller(), MeetingId(request.MeetingId), request.Reason.NullIfBlank(), context.CancellationToken)) };
    }

    public override async Task<V1.RecordMinutesResponse> RecordMinutes(V1.RecordMinutesRequest request, ServerCallContext context)
    {
        var (minutes, decisions, measures) = PlanRequests.Minutes(request);
        var (meeting, plan) = await meetings.RecordMinutesAsync(context.Caller(), MeetingId(request.MeetingId), minutes, decisions, measures, request.ExpectedPlanVersion, context.CancellationToken);
        return new() { Meeting = PlanMapping.ToProto(meeting), Plan = PlanMapping.ToProto(plan) };
    }

    public override async Task<V1.GetCalendarResponse> GetCalendar(V1.GetCalendarRequest request, ServerCallContext context)
    {
        var (from, to) = PlanRequests.Range(request.From, request.To, time.GetUtcNow());
        var response = new V1.GetCalendarResponse();
        response.Entries.AddRange((await calendar.ForPlanAsync(context.Caller(), PlanId(request.PlanId), from, to, context.CancellationToken)).Select(PlanMapping.ToProto));
        return response;
    }

    public override async Task<V1.GetMyCalendarResponse> GetMyCalendar(V1.GetMyCalendarRequest request, ServerCallContext context)
    {
        var (from, to) = PlanRequests.Range(request.From, request.To, time.GetUtcNow());
        var response = new V1.GetMyCalendarResponse();
        response.Entries.AddRange((await calendar.MineAsync(context.Caller(), from, to, context.CancellationToken)).Select(PlanMapping.ToProto));
        return response;
    }

    private static Guid PlanId(string text) => RpcErrors.ParseId(text, "plan_id");

    private static Guid MeetingId(string text) => RpcErrors.ParseId(text, "meeting_id");
}
