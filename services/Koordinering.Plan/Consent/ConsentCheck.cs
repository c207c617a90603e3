using Koordinering.Domain;
using Grpc.Core;
using Koordinering.Contracts.Events;
using ConsentV1 = Koordinering.Consent.V1;

namespace Koordinering.Plan.Consent;

public enum ConsentAnswer
{
    Allowed,
    Denied,

    /// <summary>The Consent service did not answer: access is denied (fail closed).</summary>
    Unreachable,
}

public sealed record ConsentVerdict(ConsentAnswer Answer, Guid? ConsentId, string Reason);

/// <summary>The port to the Consent service.</summary>
public interface IConsentCheck
{
    Task<ConsentVerdict> CheckAsync(string subject, ConsentPurpose purpose, string? organisationNumber, string? personId, CancellationToken cancellationToken);

    /// <summary>Several questions about participant access at once, answered in order.</summary>
    Task<IReadOnlyList<ConsentVerdict>> CheckParticipantsAsync(IReadOnlyList<(string Subject, string OrganisationNumber, string PersonId)> questions, CancellationToken cancellationToken);
}

/// <summary>Asks the Consent service over gRPC (deadline, service identity and retry on Unavailable come with the client); fails closed.</summary>
public sealed partial class GrpcConsentCheck(ConsentV1.ConsentService.ConsentServiceClient client, ILogger<GrpcConsentCheck> logger) : IConsentCheck
{
    public async Task<ConsentVerdict> CheckAsync(string subject, ConsentPurpose purpose, string? organisationNumber, string? personId, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.CheckConsentAsync(new ConsentV1.CheckConsentRequest
            {
                SubjectIdentityNumber = subject,
                Purpose = (ConsentV1.ConsentPurpose)purpose,
                OrganisationNumber = organisationNumber ?? "",
                PersonId = organisationNumber is null ? "" : personId ?? "",
            }, cancellationToken: cancellationToken);
            return reply.Allowed
                ? new ConsentVerdict(ConsentAnswer.Allowed, Guid.Parse(reply.ConsentId), "")
                : new ConsentVerdict(ConsentAnswer.Denied, null, reply.Reason);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, ex.StatusCode);
            return new ConsentVerdict(ConsentAnswer.Unreachable, null, $"The Consent service could not confirm consent ({ex.StatusCode}); access is denied until it answers.");
        }
    }

    /// <summary>
    /// The questions asked side by side on the one HTTP/2 connection (at most 16 in flight), so a calendar
    /// of many plans waits about one round trip, not one per plan.
    /// </summary>
    public async Task<IReadOnlyList<ConsentVerdict>> CheckParticipantsAsync(IReadOnlyList<(string Subject, string OrganisationNumber, string PersonId)> questions, CancellationToken cancellationToken)
    {
        var verdicts = new ConsentVerdict[questions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
            verdicts[i] = await CheckAsync(questions[i].Subject, ConsentPurpose.ParticipantAccess, questions[i].OrganisationNumber, questions[i].PersonId, token));
        return verdicts;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consent check failed with {Status}; access is denied (fail closed)")]
    private static partial void LogUnreachable(ILogger logger, StatusCode status);
}
