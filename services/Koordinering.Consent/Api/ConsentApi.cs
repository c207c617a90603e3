using Grpc.Core;
using Koordinering.Consent.Consents;
using Koordinering.Domain;
using Koordinering.ServiceDefaults.Grpc;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.Consent.Api;

/// <summary>The consent API: checks and maps the messages; the handler records, the queries read.</summary>
public sealed class ConsentApi(ConsentHandler consents, ConsentQueries queries, TimeProvider time) : V1.ConsentService.ConsentServiceBase
{
    public override async Task<V1.GiveConsentResponse> GiveConsent(V1.GiveConsentRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var draft = ConsentRequests.Give(request, caller, time.GetUtcNow(), AuthenticatedAt(context));
        var consent = await consents.GiveAsync(caller, draft, context.CancellationToken);
        return new() { Consent = ConsentMapping.ToProto(consent, consent.GivenAt) };
    }

    public override async Task<V1.GetConsentResponse> GetConsent(V1.GetConsentRequest request, ServerCallContext context) =>
        new() { Consent = ConsentMapping.ToProto(await queries.GetAsync(context.Caller(), Id(request.ConsentId), context.CancellationToken), time.GetUtcNow()) };

    public override async Task<V1.WithdrawConsentResponse> WithdrawConsent(V1.WithdrawConsentRequest request, ServerCallContext context) =>
        new() { Consent = ConsentMapping.ToProto(await consents.WithdrawAsync(context.Caller(), Id(request.ConsentId), context.CancellationToken), time.GetUtcNow()) };

    public override async Task<V1.WithdrawPartyResponse> WithdrawParty(V1.WithdrawPartyRequest request, ServerCallContext context)
    {
        var partyId = RpcErrors.ParseId(request.PartyId, "party_id");
        var consent = await consents.WithdrawPartyAsync(context.Caller(), Id(request.ConsentId), partyId, context.CancellationToken);
        return new() { Consent = ConsentMapping.ToProto(consent, time.GetUtcNow()) };
    }

    public override async Task<V1.CheckConsentResponse> CheckConsent(V1.CheckConsentRequest request, ServerCallContext context)
    {
        var (subject, purpose, organisation, person) = ConsentRequests.Check(request);
        var found = await queries.CheckAsync(context.Caller(), subject, purpose, organisation, person, context.CancellationToken);
        return found is { } id
            ? new() { Allowed = true, ConsentId = id.ToString() }
            : new() { Allowed = false, Reason = "No active consent covers this purpose and party." };
    }

    public override async Task<V1.ListSubjectConsentsResponse> ListSubjectConsents(V1.ListSubjectConsentsRequest request, ServerCallContext context)
    {
        if (!NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject))
        {
            throw RpcErrors.InvalidArgument("subject_identity_number", ConsentRequests.NotAnIdentityNumber);
        }
        var now = time.GetUtcNow();
        var response = new V1.ListSubjectConsentsResponse();
        response.Consents.AddRange((await queries.OfSubjectAsync(context.Caller(), subject.Value, request.IncludeInactive, context.CancellationToken)).Select(c => ConsentMapping.ToProto(c, now)));
        return response;
    }

    public override async Task<V1.GetConsentHistoryResponse> GetConsentHistory(V1.GetConsentHistoryRequest request, ServerCallContext context)
    {
        var response = new V1.GetConsentHistoryResponse();
        response.Entries.AddRange((await queries.HistoryAsync(context.Caller(), Id(request.ConsentId), context.CancellationToken)).Select(ConsentMapping.ToProto));
        return response;
    }

    public override async Task<V1.ListMunicipalityConsentsResponse> ListMunicipalityConsents(V1.ListMunicipalityConsentsRequest request, ServerCallContext context)
    {
        var (items, next) = await PageAsync(request.MunicipalityNumber, request.PageSize, request.PageToken, renewalsOnly: false, context);
        var response = new V1.ListMunicipalityConsentsResponse { NextPageToken = next };
        response.Consents.AddRange(items);
        return response;
    }

    public override async Task<V1.ListRenewalsDueResponse> ListRenewalsDue(V1.ListRenewalsDueRequest request, ServerCallContext context)
    {
        var (items, next) = await PageAsync(request.MunicipalityNumber, request.PageSize, request.PageToken, renewalsOnly: true, context);
        var response = new V1.ListRenewalsDueResponse { NextPageToken = next };
        response.Consents.AddRange(items);
        return response;
    }

    private async Task<(IEnumerable<V1.Consent> Items, string Next)> PageAsync(string municipality, int pageSize, string pageToken, bool renewalsOnly, ServerCallContext context)
    {
        var size = PageToken.Size(pageSize);
        var after = PageToken.Decode(pageToken);
        if (!ConsentRequests.IsMunicipality(municipality))
        {
            throw RpcErrors.InvalidArgument("municipality_number", "must be a municipality number of four digits");
        }
        var (items, next) = await queries.OfMunicipalityAsync(context.Caller(), municipality, renewalsOnly, after, size, context.CancellationToken);
        var now = time.GetUtcNow();
        return (items.Select(c => ConsentMapping.ToProto(c, now)), next);
    }

    private static Guid Id(string text) => RpcErrors.ParseId(text, "consent_id");

    private static DateTimeOffset? AuthenticatedAt(ServerCallContext context) =>
        long.TryParse(context.GetHttpContext().User.FindFirst("auth_time")?.Value ?? context.GetHttpContext().User.FindFirst("iat")?.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
