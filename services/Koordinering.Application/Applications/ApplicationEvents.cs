using Koordinering.Contracts.Events;
using Koordinering.Eventing;

namespace Koordinering.Application.Applications;

/// <summary>The application's events, each set from the application it tells of.</summary>
public static class ApplicationEvents
{
    public static ApplicationSubmittedV1 Submitted(Domain.Application application) => new EventEnvelope(application.ReceivedAt, application.MunicipalityNumber, application.Id).Stamp(new ApplicationSubmittedV1
    {
        ApplicationId = application.Id,
        PersonIdentityNumber = application.PersonIdentityNumber,
        ExpectedBirthDate = application.ExpectedBirthDate,
        // Only confirmed parents are told: naming someone gives them nothing until a caseworker confirms them.
        ParentIdentityNumbers = application.ConfirmedParentIdentityNumbers,
        ApplicantRelation = application.ApplicantRelation,
        RequestedRights = application.RequestedRights,
        AssessAll = application.AssessAll,
        Services = application.Services,
        ExpectedDuration = application.ExpectedDuration,
        WantsIndividualPlan = application.WantsIndividualPlan,
        WrittenStandard = application.WrittenStandard,
        Contact = application.ContactEmail is null && application.ContactMobile is null ? null : new ContactDetails(application.ContactEmail, application.ContactMobile),
        ReceivedAt = application.ReceivedAt,
    });

    public static ApplicationWithdrawnV1 Withdrawn(Domain.Application application, DateTimeOffset now) =>
        new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new ApplicationWithdrawnV1 { ApplicationId = application.Id });

    public static InterimReplyRequestedV1 InterimReply(Domain.Application application, DateTimeOffset now) => new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new InterimReplyRequestedV1
    {
        ApplicationId = application.Id,
        PersonIdentityNumber = application.PersonIdentityNumber,
        Reason = application.InterimReplyReason!,
        ExpectedDecisionDate = application.InterimReplyExpectedDate!.Value,
        Automatic = application.InterimReplyAutomatic,
        WrittenStandard = application.WrittenStandard,
    });

    public static AppealRegisteredV1 AppealRegistered(Domain.Application application, DateTimeOffset now) => new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new AppealRegisteredV1
    {
        ApplicationId = application.Id,
        Deadline = application.AppealDeadline!.Value,
        Late = application.AppealLate,
    });

    public static AppealForwardedV1 AppealForwarded(Domain.Application application, DateTimeOffset now) =>
        new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new AppealForwardedV1 { ApplicationId = application.Id });
}
