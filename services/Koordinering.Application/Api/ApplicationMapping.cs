using Koordinering.Domain;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Koordinering.Application.Domain;
using Koordinering.Contracts.Events;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

/// <summary>From the application and its history to the API's messages.</summary>
public static class ApplicationMapping
{
    public static V1.Application ToProto(Domain.Application a)
    {
        var proto = new V1.Application
        {
            ApplicationId = a.Id.ToString(),
            MunicipalityNumber = a.MunicipalityNumber,
            Status = (V1.ApplicationStatus)a.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(a.ReceivedAt),
            AssessAll = a.AssessAll,
            PersonIdentityNumber = a.PersonIdentityNumber ?? "",
            Applicant = new V1.Applicant { Relation = (V1.ApplicantRelation)a.ApplicantRelation, Organisation = a.ApplicantOrganisation ?? "" },
            ExpectedDuration = a.ExpectedDuration switch
            {
                ExpectedDuration.ShortTerm => V1.ExpectedDuration.ShortTerm,
                ExpectedDuration.LongTerm => V1.ExpectedDuration.LongTerm,
                _ => V1.ExpectedDuration.Unknown,
            },
            ConditionDescription = a.ConditionDescription ?? "",
            Wishes = new V1.Wishes
            {
                PreferredCoordinator = a.PreferredCoordinator ?? "",
                WantsIndividualPlan = a.WantsIndividualPlan,
                WrittenStandard = (Common.V1.WrittenStandard)a.WrittenStandard,
                Contact = new V1.Contact { Email = a.ContactEmail ?? "", Mobile = a.ContactMobile ?? "" },
            },
            InterimReplyDue = Timestamp.FromDateTimeOffset(a.InterimReplyDue),
            DecidedAt = a.DecidedAt is { } d ? Timestamp.FromDateTimeOffset(d) : null,
        };
        proto.RequestedRights.AddRange(a.RequestedRights.Select(r => (V1.RequestedRight)r));
        proto.Services.AddRange(a.Services.Select(s => new V1.ServiceNeed { Kind = (V1.ServiceKind)s.Kind, Category = s.Category, Provider = s.Provider ?? "" }));
        if (a.ExpectedBirthDate is { } due)
        {
            proto.ExpectedChild = new V1.ExpectedChild { ExpectedBirthDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            proto.ExpectedChild.ParentIdentityNumbers.AddRange(a.ParentIdentityNumbers);
            proto.ExpectedChild.ConfirmedParentIdentityNumbers.AddRange(a.ConfirmedParentIdentityNumbers);
        }
        if (a.InterimReplyRecordedAt is { } recorded)
        {
            proto.InterimReply = new V1.InterimReply
            {
                Reason = a.InterimReplyReason ?? "",
                ExpectedDecisionDate = a.InterimReplyExpectedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Automatic = a.InterimReplyAutomatic,
                RecordedAt = Timestamp.FromDateTimeOffset(recorded),
            };
        }
        if (a.AppealReceivedAt is { } appealed)
        {
            proto.Appeal = new V1.Appeal
            {
                ReceivedAt = Timestamp.FromDateTimeOffset(appealed),
                Deadline = Timestamp.FromDateTimeOffset(a.AppealDeadline!.Value),
                Late = a.AppealLate,
                Outcome = a.AppealOutcome is { } o ? (V1.AppealOutcome)o : V1.AppealOutcome.Unspecified,
            };
        }
        return proto;
    }

    public static V1.HistoryEntry ToProto(ApplicationHistoryEntry h) => new()
    {
        At = Timestamp.FromDateTimeOffset(h.At),
        Actor = h.Actor,
        Action = h.Action,
        FromStatus = h.FromStatus is { } f ? (V1.ApplicationStatus)f : V1.ApplicationStatus.Unspecified,
        ToStatus = h.ToStatus is { } t ? (V1.ApplicationStatus)t : V1.ApplicationStatus.Unspecified,
        Detail = h.Detail ?? "",
    };
}
