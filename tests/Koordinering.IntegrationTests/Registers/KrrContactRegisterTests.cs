using System.Net;
using System.Text.Json;
using Koordinering.Domain;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Contacts;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>The KRR adapter, registered as the service registers it, against Oppslagstjenesten REST's shape on loopback.</summary>
public sealed class KrrContactRegisterTests : IAsyncLifetime
{
    private static readonly string Open = IdentityNumbers.For(new DateOnly(1970, 1, 2));
    private static readonly string Reserved = IdentityNumbers.For(new DateOnly(1971, 2, 3));
    private static readonly string Unknown = IdentityNumbers.For(new DateOnly(1972, 3, 4));
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeHttpServer _krr = new();
    private ServiceProvider _services = null!;

    public int Failures { get; set; }

    public ValueTask InitializeAsync()
    {
        _krr.Respond = Answer;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_maskinporten.Settings(withCertificate: true)!)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ContactRegister:BaseUrl"] = _krr.BaseAddress }).Build();
        _services = new ServiceCollection().AddSingleton(TimeProvider.System).AddContactRegister(configuration).BuildServiceProvider();
        return ValueTask.CompletedTask;
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (Failures > 0)
        {
            Failures--;
            return new(HttpStatusCode.ServiceUnavailable);
        }
        if (request.Path != "/rest/v1/personer" || request.Authorization is null || !request.Authorization.StartsWith("Bearer token-", StringComparison.Ordinal))
        {
            return new(HttpStatusCode.Unauthorized);
        }
        var asked = JsonDocument.Parse(request.Body).RootElement.GetProperty("personidentifikatorer").EnumerateArray().Select(e => e.GetString()!);
        var persons = asked.Select(id => id == Open
            ? (object)new { personidentifikator = id, reservasjon = "NEI", status = "AKTIV", varslingsstatus = "KAN_VARSLES", spraak = "nn",
                kontaktinformasjon = new { epostadresse = "open@example.test", mobiltelefonnummer = "+4799999999" },
                digital_post = new { postkasseadresse = "open#1234", postkasseleverandoeradresse = "123456789" } }
            : id == Reserved
                ? new { personidentifikator = id, reservasjon = "JA", status = "AKTIV", varslingsstatus = "KAN_IKKE_VARSLES" }
                : new { personidentifikator = id, status = "IKKE_REGISTRERT" });
        return new(HttpStatusCode.OK, JsonSerializer.Serialize(new { personer = persons }));
    }

    private IContactRegister Register => _services.GetRequiredService<IContactRegister>();

    [Fact]
    public async Task A_person_is_looked_up_in_one_post_with_a_token_and_mapped()
    {
        var contact = await Register.LookupAsync(Open, TestContext.Current.CancellationToken);

        Assert.Equal(new ContactInfo(false, true, "+4799999999", "open@example.test", "open#1234", WrittenStandard.Nn), contact);
        var request = Assert.Single(_krr.Received);
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.DoesNotContain(Open, request.Path, StringComparison.Ordinal);
        Assert.Equal("krr:global/kontaktinformasjon.read krr:global/digitalpost.read", Assert.Single(_maskinporten.Grants).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_reserved_person_and_one_not_in_the_register_are_told_apart()
    {
        var ct = TestContext.Current.CancellationToken;
        var reserved = await Register.LookupAsync(Reserved, ct);

        Assert.NotNull(reserved);
        Assert.True(reserved.Reserved);
        Assert.False(reserved.CanBeNotified);
        Assert.Null(await Register.LookupAsync(Unknown, ct));
    }

    [Fact]
    public async Task An_answer_is_kept_a_short_while_and_the_token_reused()
    {
        var ct = TestContext.Current.CancellationToken;
        await Register.LookupAsync(Open, ct);
        await Register.LookupAsync(Open, ct);
        await Register.LookupAsync(Reserved, ct);

        Assert.Equal(2, _krr.Received.Count);
        Assert.Equal(1, _maskinporten.Issued);
    }

    [Fact]
    public async Task A_transient_failure_is_retried()
    {
        Failures = 1;

        var contact = await Register.LookupAsync(Open, TestContext.Current.CancellationToken);

        Assert.NotNull(contact);
        Assert.Equal(2, _krr.Received.Count);
    }

    [Fact]
    public async Task A_refusal_is_an_error_not_an_empty_answer()
    {
        _maskinporten.Failure = HttpStatusCode.BadRequest;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Register.LookupAsync(Open, TestContext.Current.CancellationToken));
        Assert.Empty(_krr.Received);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _krr.DisposeAsync();
        await _maskinporten.DisposeAsync();
    }
}
