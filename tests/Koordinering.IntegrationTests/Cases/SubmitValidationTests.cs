using Koordinering.IntegrationTests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Koordinering.UnitTests;
using AppV1 = Koordinering.Application.V1;

namespace Koordinering.IntegrationTests.Cases;

/// <summary>Bad input gets InvalidArgument naming each bad field, through real gRPC.</summary>
public sealed class SubmitValidationTests(CaseHosts hosts) : IClassFixture<CaseHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<string>> ViolationsOf(AppV1.SubmitApplicationRequest request)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.SubmitApplicationAsync(request, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest.FieldViolations.Select(v => v.Field).ToList();
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "wrong check digit", "person_identity_number" },
        { "ten digits", "person_identity_number" },
        { "letters in the number", "person_identity_number" },
        { "month 13", "person_identity_number" },
        { "municipality with a letter", "municipality_number" },
        { "municipality 0000", "municipality_number" },
        { "municipality of three digits", "municipality_number" },
        { "no client request id", "client_request_id" },
        { "no rights and not not-sure", "requested_rights" },
        { "unspecified right", "requested_rights[0]" },
        { "a right twice", "requested_rights[1]" },
        { "no duration", "expected_duration" },
        { "service with a provider name too long", "services[0].provider" },
        { "service without kind", "services[0].kind" },
        { "person and expected child", "person_identity_number" },
        { "expected child without parents", "expected_child.parent_identity_numbers" },
        { "expected child with a bad date", "expected_child.expected_birth_date" },
        { "condition too long", "condition_description" },
        { "bad e-mail", "wishes.contact.email" },
        { "bad mobile", "wishes.contact.mobile" },
        { "service provider without organisation", "applicant.organisation" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Invalid_input_names_the_bad_field(string what, string field)
    {
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.Coordinator);
        switch (what)
        {
            case "wrong check digit": request.PersonIdentityNumber = CaseHosts.Adult[..10] + (char)('0' + (CaseHosts.Adult[10] - '0' + 1) % 10); break;
            case "ten digits": request.PersonIdentityNumber = CaseHosts.Adult[..10]; break;
            case "letters in the number": request.PersonIdentityNumber = "1507650056x"; break;
            case "month 13": request.PersonIdentityNumber = IdentityNumbers.Make("151365005") ?? IdentityNumbers.Make("151365006")!; break;
            case "municipality with a letter": request.MunicipalityNumber = "46O1"; break;
            case "municipality 0000": request.MunicipalityNumber = "0000"; break;
            case "municipality of three digits": request.MunicipalityNumber = "301"; break;
            case "no client request id": request.ClientRequestId = ""; break;
            case "no rights and not not-sure": request.RequestedRights.Clear(); break;
            case "unspecified right": request.RequestedRights[0] = AppV1.RequestedRight.Unspecified; break;
            case "a right twice": request.RequestedRights.Add(AppV1.RequestedRight.Coordinator); break;
            case "no duration": request.ExpectedDuration = AppV1.ExpectedDuration.Unspecified; break;
            case "service with a provider name too long": request.Services[0].Provider = new string('x', 201); break;
            case "service without kind": request.Services[0].Kind = AppV1.ServiceKind.Unspecified; break;
            case "person and expected child": request.ExpectedChild = new() { ExpectedBirthDate = "2027-01-01", ParentIdentityNumbers = { CaseHosts.Guardian } }; break;
            case "expected child without parents":
                request.PersonIdentityNumber = "";
                request.Applicant.Relation = AppV1.ApplicantRelation.ParentOrGuardian;
                request.ExpectedChild = new() { ExpectedBirthDate = RunningClock.TuesdayMorning.AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
                break;
            case "expected child with a bad date":
                request.PersonIdentityNumber = "";
                request.Applicant.Relation = AppV1.ApplicantRelation.ParentOrGuardian;
                request.ExpectedChild = new() { ExpectedBirthDate = "next spring", ParentIdentityNumbers = { CaseHosts.Guardian } };
                break;
            case "condition too long": request.ConditionDescription = new string('x', 4001); break;
            case "bad e-mail": request.Wishes = new() { Contact = new() { Email = "not-an-address" } }; break;
            case "bad mobile": request.Wishes = new() { Contact = new() { Mobile = "call me" } }; break;
            case "service provider without organisation": request.Applicant.Relation = AppV1.ApplicantRelation.ServiceProvider; break;
        }
        Assert.Contains(field, await ViolationsOf(request));
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var request = CaseHosts.Request("123", AppV1.RequestedRight.Unspecified);
        request.MunicipalityNumber = "x";
        request.ClientRequestId = "";
        request.ExpectedDuration = AppV1.ExpectedDuration.Unspecified;
        var fields = await ViolationsOf(request);
        Assert.Equal(["client_request_id", "municipality_number", "person_identity_number", "requested_rights[0]", "expected_duration"], fields);
    }

    [Fact]
    public async Task A_d_number_and_a_number_issued_from_2032_are_accepted()
    {
        var dNumber = IdentityNumbers.Make("550590123") ?? IdentityNumbers.Make("550590124")!;
        var from2032 = Enumerable.Range(0, 999).Select(i => IdentityNumbers.Make($"120533{i:000}", remainder: 2)).First(n => n is not null)!;
        foreach (var number in new[] { dNumber, from2032 })
        {
            var reply = await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(number, AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct);
            Assert.Equal(AppV1.ApplicationStatus.Received, reply.Application.Status);
        }
    }

    [Fact]
    public async Task An_expected_child_is_applied_for_by_a_parent()
    {
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.ChildCoordinator);
        request.PersonIdentityNumber = "";
        request.Applicant.Relation = AppV1.ApplicantRelation.ParentOrGuardian;
        request.Services.Add(new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.Welfare, Category = "kindergarten", Provider = "Barnehagen" });
        request.ExpectedChild = new() { ExpectedBirthDate = hosts.Time.GetUtcNow().AddMonths(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ParentIdentityNumbers = { CaseHosts.Guardian } };

        var reply = await hosts.Applications.SubmitApplicationAsync(request, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct);
        var assessment = await hosts.AssessmentAsync(reply.Application.ApplicationId);
        var child = assessment.Rights.Single().Criteria.Single(c => c.CriterionId == "child_coordinator.child_under_18");
        Assert.Equal(Koordinering.Eligibility.V1.CriterionOutcome.Met, child.Outcome);

        var stranger = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.SubmitApplicationAsync(request, hosts.CitizenToken(CaseHosts.OtherAdult), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
    }

    /// <summary>
    /// Issue 14: naming any person as co-parent of an expected child gave them read access to the
    /// case (and a receipt). Now a named co-parent reads nothing until a caseworker confirms them.
    /// </summary>
    [Fact]
    public async Task A_co_parent_named_by_the_other_parent_reads_nothing_until_a_caseworker_confirms_them()
    {
        var coParent = UnitTests.IdentityNumbers.For(new DateOnly(1986, 5, 14));
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.ChildCoordinator);
        request.PersonIdentityNumber = "";
        request.Applicant.Relation = AppV1.ApplicantRelation.ParentOrGuardian;
        request.ExpectedChild = new() { ExpectedBirthDate = hosts.Time.GetUtcNow().AddMonths(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ParentIdentityNumbers = { CaseHosts.Guardian, coParent } };
        var submitted = (await hosts.Applications.SubmitApplicationAsync(request, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct)).Application;
        Assert.Equal([CaseHosts.Guardian], submitted.ExpectedChild.ConfirmedParentIdentityNumbers);

        var before = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.GetApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.CitizenToken(coParent), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, before.StatusCode);
        var selfConfirmed = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ConfirmParentAsync(new() { ApplicationId = submitted.ApplicationId, ParentIdentityNumber = coParent }, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, selfConfirmed.StatusCode);
        var notNamed = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ConfirmParentAsync(new() { ApplicationId = submitted.ApplicationId, ParentIdentityNumber = CaseHosts.OtherAdult }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notNamed.StatusCode);

        var confirmed = (await hosts.Applications.ConfirmParentAsync(new() { ApplicationId = submitted.ApplicationId, ParentIdentityNumber = coParent }, hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.Equal([CaseHosts.Guardian, coParent], confirmed.ExpectedChild.ConfirmedParentIdentityNumbers);
        var after = (await hosts.Applications.GetApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.CitizenToken(coParent), cancellationToken: Ct)).Application;
        Assert.Equal(submitted.ApplicationId, after.ApplicationId);
        var history = (await hosts.Applications.GetApplicationHistoryAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct)).Entries;
        Assert.Contains(history, h => h.Action == "parent_confirmed" && !h.Detail.Contains(coParent, StringComparison.Ordinal));
    }
}
