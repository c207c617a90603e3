using System.Net;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.IntegrationTests.Cases;
using Koordinering.IntegrationTests.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AppV1 = Koordinering.Application.V1;

namespace Koordinering.IntegrationTests.Security;

/// <summary>
/// Bad input, attacked as in issue 14: amplification by repeated fields, values the contract does
/// not name, times out of any case's window, and malformed frames on the endpoints every service
/// shares. Each answered with a huge status, a dropped connection or Unknown before the limits.
/// </summary>
public sealed class InputAttackTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestTokens _tokens = new();
    private readonly LogCapture _logs = new();
    private ServiceHost<ApplicationApi> _host = null!;
    private AppV1.ApplicationService.ApplicationServiceClient _applications = null!;

    public async ValueTask InitializeAsync()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        _host = new ServiceHost<ApplicationApi>(cs, _tokens, services => services.AddSingleton<ILoggerProvider>(_logs)).Start();
        _applications = new(_host.Channel);
    }

    private Metadata Caseworker => TestTokens.Bearer(_tokens.Caseworker(CaseHosts.Municipality));

    private static BadRequest Violations(RpcException ex)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        return ex.GetRpcStatus()!.GetDetail<BadRequest>();
    }

    [Fact]
    public async Task A_request_with_thousands_of_elements_gets_one_violation_and_one_short_log_line()
    {
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.Coordinator);
        for (var i = 0; i < 5000; i++)
        {
            request.Services.Add(new AppV1.ServiceNeed { Category = new string('x', 20) });
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => _applications.SubmitApplicationAsync(request, Caseworker, cancellationToken: Ct).ResponseAsync);
        var violation = Assert.Single(Violations(ex).FieldViolations);
        Assert.Equal("services", violation.Field);
        Assert.True(ex.Status.Detail.Length < 500, ex.Status.Detail);
        Assert.All(_logs.Lines, line => Assert.True(line.Length < 2000, $"a log line of {line.Length} characters"));
    }

    [Fact]
    public async Task Many_bad_elements_are_reported_twenty_at_most()
    {
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.Coordinator);
        request.Services.Clear();
        for (var i = 0; i < 90; i++)
        {
            request.Services.Add(new AppV1.ServiceNeed { Category = "" });
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => _applications.SubmitApplicationAsync(request, Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(20, Violations(ex).FieldViolations.Count);
        Assert.Contains("more", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_the_contract_does_not_name_is_invalid()
    {
        var request = new AppV1.ListApplicationsRequest { MunicipalityNumber = CaseHosts.Municipality };
        request.Statuses.Add((AppV1.ApplicationStatus)99);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _applications.ListApplicationsAsync(request, Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal("statuses[0]", Assert.Single(Violations(ex).FieldViolations).Field);
    }

    [Fact]
    public async Task A_time_outside_any_case_is_invalid()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _applications.RegisterAppealAsync(new()
        {
            ApplicationId = Guid.NewGuid().ToString(),
            ReceivedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)),
        }, Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal("received_at", Assert.Single(Violations(ex).FieldViolations).Field);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/koordinering.audit.v1.AccessLogService/ListAccess")]
    [InlineData("/koordinering.operations.v1.EventAdminService/ListDeadLetters")]
    public async Task A_malformed_frame_on_a_shared_endpoint_is_invalid_and_tells_no_exception(string method)
    {
        using var h2c = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_host.GrpcPort}{method}")
        {
            // A gRPC frame of 3 bytes that are no protobuf message (an unterminated varint).
            Content = new ByteArrayContent([0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.Authorization = new("Bearer", _tokens.Caseworker(CaseHosts.Municipality));
        using var response = await h2c.SendAsync(request, Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.Single()
            : response.TrailingHeaders.TryGetValues(name, out var t) ? t.Single() : null;
        Assert.Equal("3", Header("grpc-status"));
        Assert.DoesNotContain("Exception", Header("grpc-message") ?? "", StringComparison.Ordinal);
        Assert.Empty(body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _tokens.Dispose();
    }
}
