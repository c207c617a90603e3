namespace Koordinering.ServiceDefaults.Security;

[Flags]
public enum Callers
{
    None = 0,
    Citizen = 1,
    Employee = 2,
    System = 4,
    Service = 8,
    Anyone = Citizen | Employee | System | Service,
}

/// <summary>
/// The first half of the one authorization model: which kinds of caller may call each RPC at
/// all. Enforced for every call by <see cref="CallerPolicyInterceptor"/>; an RPC missing here is
/// denied (deny by default), and a test fails if any RPC of any service is missing. The second
/// half, the resource check (whose case, which municipality, what consent), is in each service
/// and answers NotFound for a foreign object.
/// </summary>
public static class RpcPolicies
{
    private const Callers C = Callers.Citizen;
    private const Callers E = Callers.Employee;
    private const Callers S = Callers.System;

    public static IReadOnlyDictionary<string, Callers> ByMethod { get; } = new Dictionary<string, Callers>(StringComparer.Ordinal)
    {
        ["grpc.health.v1.Health/Check"] = Callers.Anyone,
        ["grpc.health.v1.Health/Watch"] = Callers.Anyone,

        ["koordinering.application.v1.ApplicationService/SubmitApplication"] = C | E | S,
        ["koordinering.application.v1.ApplicationService/GetApplication"] = C | E | S,
        ["koordinering.application.v1.ApplicationService/ListApplications"] = E | S,
        ["koordinering.application.v1.ApplicationService/ListMyApplications"] = C,
        ["koordinering.application.v1.ApplicationService/GetApplicationHistory"] = C | E | S,
        ["koordinering.application.v1.ApplicationService/WithdrawApplication"] = C | E | S,
        ["koordinering.application.v1.ApplicationService/RecordInterimReply"] = E | S,
        ["koordinering.application.v1.ApplicationService/RegisterAppeal"] = C | E | S,
        ["koordinering.application.v1.ApplicationService/ForwardAppeal"] = E | S,
        ["koordinering.application.v1.ApplicationService/RecordAppealOutcome"] = E | S,
        ["koordinering.application.v1.ApplicationService/ConfirmParent"] = E,

        ["koordinering.eligibility.v1.EligibilityService/GetAssessment"] = C | E | S,
        ["koordinering.eligibility.v1.EligibilityService/GetAssessmentForApplication"] = C | E | S,
        ["koordinering.eligibility.v1.EligibilityService/ListAwaitingJudgement"] = E | S,
        ["koordinering.eligibility.v1.EligibilityService/RecordFinding"] = E | S,
        ["koordinering.eligibility.v1.EligibilityService/Decide"] = E | S,
        ["koordinering.eligibility.v1.EligibilityService/ReverseDecision"] = E | S,

        ["koordinering.plan.v1.PlanService/GetCoordination"] = C | E | S,
        ["koordinering.plan.v1.PlanService/AppointCoordinator"] = E,
        ["koordinering.plan.v1.PlanService/CreateIndividualPlan"] = E,
        ["koordinering.plan.v1.PlanService/CreateServiceOverview"] = E,
        ["koordinering.plan.v1.PlanService/GetPlan"] = C | E | S,
        ["koordinering.plan.v1.PlanService/UpdatePlan"] = E,
        ["koordinering.plan.v1.PlanService/ProposeChange"] = C,
        ["koordinering.plan.v1.PlanService/ClosePlan"] = E,
        ["koordinering.plan.v1.PlanService/GetPlanHistory"] = C | E | S,
        ["koordinering.plan.v1.PlanService/ScheduleMeeting"] = E,
        ["koordinering.plan.v1.PlanService/RescheduleMeeting"] = E,
        ["koordinering.plan.v1.PlanService/CancelMeeting"] = E,
        ["koordinering.plan.v1.PlanService/RecordMinutes"] = E,
        ["koordinering.plan.v1.PlanService/GetCalendar"] = C | E | S,
        ["koordinering.plan.v1.PlanService/GetMyCalendar"] = C | E,
        ["koordinering.plan.v1.PlanService/RecordEvaluation"] = E,
        ["koordinering.plan.v1.CoordinationLeadService/DesignateCoordinationLead"] = E,
        ["koordinering.plan.v1.CoordinationLeadService/GetCoordinationLead"] = C | E | S,
        ["koordinering.plan.v1.CoordinationLeadService/ListCoordinationLeads"] = C | E | S,
        ["koordinering.plan.v1.CoordinationLeadService/ChangeCoordinationLead"] = E,
        ["koordinering.plan.v1.CoordinationLeadService/EndCoordinationLead"] = E,
        ["koordinering.plan.v1.ConversationService/PostMessage"] = C | E,
        ["koordinering.plan.v1.ConversationService/EditMessage"] = C | E,
        ["koordinering.plan.v1.ConversationService/ListMessages"] = C | E,
        ["koordinering.plan.v1.ConversationService/ListMyConversations"] = C | E,

        ["koordinering.consent.v1.ConsentService/GiveConsent"] = C | E,
        ["koordinering.consent.v1.ConsentService/GetConsent"] = C | E | S,
        ["koordinering.consent.v1.ConsentService/WithdrawConsent"] = C | E,
        ["koordinering.consent.v1.ConsentService/WithdrawParty"] = C | E,
        ["koordinering.consent.v1.ConsentService/CheckConsent"] = Callers.Anyone,
        ["koordinering.consent.v1.ConsentService/ListSubjectConsents"] = C | E | S,
        ["koordinering.consent.v1.ConsentService/GetConsentHistory"] = C | E | S,
        ["koordinering.consent.v1.ConsentService/ListMunicipalityConsents"] = E | S,
        ["koordinering.consent.v1.ConsentService/ListRenewalsDue"] = E | S,

        ["koordinering.notification.v1.NotificationService/GetNotice"] = C | E | S,
        ["koordinering.notification.v1.NotificationService/ListNotices"] = C | E | S,
        ["koordinering.notification.v1.NotificationService/ResendNotice"] = E | S,

        ["koordinering.operations.v1.EventAdminService/ListDeadLetters"] = E | S,
        ["koordinering.operations.v1.EventAdminService/ReplayDeadLetter"] = E | S,

        ["koordinering.audit.v1.AccessLogService/ListAccess"] = C | E,
    };

    public static Callers For(CallerKind kind) => kind switch
    {
        CallerKind.Citizen => Callers.Citizen,
        CallerKind.Employee => Callers.Employee,
        CallerKind.System => Callers.System,
        CallerKind.Service => Callers.Service,
        _ => Callers.None,
    };
}
