using Google.Rpc;
using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.IntegrationTests.Consents;

/// <summary>
/// Issue 14, "anyone can consent on behalf of anyone", as the attack: a citizen naming themselves a
/// representative for a stranger or a child, and a representative's consent without the document
/// a caseworker saw. Each was accepted before representation was verified.
/// </summary>
public sealed class RepresentationAttackTests(ConsentHost host) : IClassFixture<ConsentHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1.GiveConsentRequest Representative(string subject, string representative, V1.RepresentationDocument? document = null, string paper = "")
    {
        var request = ConsentTests.Digital(subject, representative, V1.GiverRole.Representative, ConsentHost.School);
        request.Givers[0].RepresentationBasis = "verge etter vergemålsloven";
        request.Givers[0].RepresentationDocument = document;
        request.PaperArchiveReference = paper;
        return request;
    }

    [Fact]
    public async Task A_citizen_cannot_consent_as_a_strangers_representative()
    {
        var request = Representative(ConsentHost.Adult, ConsentHost.Stranger, new V1.RepresentationDocument { Kind = V1.RepresentationDocumentKind.Guardianship, Reference = "SF-2026/1" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task A_citizen_cannot_consent_as_a_childs_representative()
    {
        var request = Representative(ConsentHost.Child, ConsentHost.Stranger, new V1.RepresentationDocument { Kind = V1.RepresentationDocumentKind.PowerOfAttorney, Reference = "F-1" });
        request.ChildHeard = true;
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Contains(ex.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.InvalidArgument });
    }

    [Fact]
    public async Task A_citizen_cannot_consent_for_a_child_the_register_does_not_list_them_as_guardian_of()
    {
        var request = ConsentTests.Digital(ConsentHost.Child, ConsentHost.Stranger, V1.GiverRole.Guardian, ConsentHost.School);
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Contains(ex.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.FailedPrecondition });
    }

    [Fact]
    public async Task A_caseworker_records_a_representatives_consent_only_with_the_document_they_saw()
    {
        var without = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(Representative(ConsentHost.Adult, ConsentHost.Stranger, paper: "2026/77-1"), host.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, without.StatusCode);
        Assert.Contains(without.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == "givers[0].representation_document");
        var noReference = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(
            Representative(ConsentHost.Adult, ConsentHost.Stranger, new V1.RepresentationDocument { Kind = V1.RepresentationDocumentKind.Guardianship }, paper: "2026/77-1"), host.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Contains(noReference.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == "givers[0].representation_document.reference");

        var consent = (await host.Client.GiveConsentAsync(
            Representative(ConsentHost.Adult, ConsentHost.Stranger, new V1.RepresentationDocument { Kind = V1.RepresentationDocumentKind.Guardianship, Reference = "SF-2026/1234" }, paper: "2026/77-1"),
            host.Caseworker, cancellationToken: Ct)).Consent;
        var document = consent.Givers.Single().RepresentationDocument;
        Assert.Equal((V1.RepresentationDocumentKind.Guardianship, "SF-2026/1234", "employee:caseworker-1"), (document.Kind, document.Reference, document.AttestedBy));
        Assert.NotNull(document.AttestedAt);
    }

    [Fact]
    public async Task A_guardian_in_the_register_consents_for_their_child()
    {
        var request = ConsentTests.Digital(ConsentHost.Child, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.HomeNursing);
        var consent = (await host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Guardian), cancellationToken: Ct)).Consent;
        Assert.Equal(ConsentHost.Guardian, consent.Givers.Single().IdentityNumber);
    }
}
