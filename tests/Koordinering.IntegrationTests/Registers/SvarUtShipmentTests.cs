using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// The SvarUt adapter, registered as the service registers it, against a SvarUt on loopback that checks Basic auth, reads the
/// multipart forsendelse and keeps one shipment per <c>eksternReferanse</c>.
/// </summary>
public sealed class SvarUtShipmentTests : IAsyncLifetime
{
    private static readonly string Person = IdentityNumbers.For(new DateOnly(1970, 6, 6));
    private readonly FakeHttpServer _svarUt = new();
    private readonly ConcurrentDictionary<string, string> _shipments = new();
    private readonly string _secretFile = Path.Combine(Path.GetTempPath(), $"svarut-secret-{Guid.NewGuid():N}");
    private ServiceProvider _services = null!;

    /// <summary>How many first answers come too late (SvarUt created the shipment, the client timed out).</summary>
    public int SlowAnswers { get; set; }

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_secretFile, "hemmelig\n", TestContext.Current.CancellationToken);
        _svarUt.Respond = Answer;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notification:SvarUt:BaseUrl"] = _svarUt.BaseAddress,
            ["Notification:SvarUt:ServiceId"] = "koordinering-avsender",
            ["Notification:SvarUt:SecretFile"] = _secretFile,
            ["Notification:SvarUt:AttemptTimeout"] = "00:00:01",
            ["Notification:SvarUt:RetryDelay"] = "00:00:00.050",
            ["Letters:Letterheads:5001:MunicipalityName"] = "Trondheim kommune",
            ["Letters:Letterheads:5001:Address"] = "Postboks 2300 Torgarden, 7004 Trondheim",
            ["Letters:Letterheads:5001:OrganizationNumber"] = "942110464",
        }).Build();
        _services = new ServiceCollection().AddSvarUt(configuration).BuildServiceProvider();
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("koordinering-avsender:hemmelig"));
        if (request.Path != "/tjenester/api/forsendelse/v1/sendForsendelse" || request.Authorization != basic)
        {
            return new(HttpStatusCode.Unauthorized);
        }
        var (forsendelse, _) = Read(request);
        var recipient = forsendelse.GetProperty("mottaker").GetProperty("digitalAdresse").GetProperty("fodselsNummer").GetString();
        if (recipient?.Length != 11)
        {
            return new(HttpStatusCode.BadRequest, """{"errorMessage":"invalid recipient"}""");
        }
        var id = _shipments.GetOrAdd(forsendelse.GetProperty("eksternReferanse").GetString()!, _ => Guid.NewGuid().ToString());
        var delay = SlowAnswers-- > 0 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;
        return new(HttpStatusCode.OK, $$"""{"id":"{{id}}"}""", Delay: delay);
    }

    /// <summary>The multipart request's <c>forsendelse</c> JSON and its file's bytes.</summary>
    private static (JsonElement Forsendelse, byte[] File) Read(FakeHttpServer.Request request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Raw!));
        JsonElement? forsendelse = null;
        byte[]? file = null;
        while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
        {
            using var body = new MemoryStream();
            section.Body.CopyTo(body);
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            if (disposition.Name.Value?.Trim('"') == "forsendelse")
            {
                forsendelse = JsonDocument.Parse(body.ToArray()).RootElement.Clone();
            }
            else if (disposition.FileName.Value?.Trim('"') == SvarUtShipment.FileName)
            {
                file = body.ToArray();
            }
        }
        return (forsendelse!.Value, file!);
    }

    private IChannelSender Sender(Channel channel) => Assert.Single(_services.GetServices<IChannelSender>(), s => s.Channel == channel);

    private static OutgoingMessage Letter(Guid id, string to = "") =>
        new(id, Channel.DigitalMailbox, to.Length > 0 ? to : Person, "Vedtak om koordinator", "Du har fått koordinator.\n", "5001");

    [Fact]
    public async Task A_letter_goes_as_a_multipart_shipment_with_the_pdf_the_identity_number_in_the_json_and_basic_auth()
    {
        var id = Guid.NewGuid();

        var receipt = await Sender(Channel.DigitalMailbox).SendAsync(Letter(id), TestContext.Current.CancellationToken);

        var request = Assert.Single(_svarUt.Received);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain(Person, request.Path + request.Query, StringComparison.Ordinal);
        var (forsendelse, file) = Read(request);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(Person, forsendelse.GetProperty("mottaker").GetProperty("digitalAdresse").GetProperty("fodselsNummer").GetString());
        Assert.Equal(id.ToString(), forsendelse.GetProperty("eksternReferanse").GetString());
        Assert.Equal("Vedtak om koordinator", forsendelse.GetProperty("tittel").GetString());
        Assert.False(forsendelse.GetProperty("kunDigitalLevering").GetBoolean());
        Assert.True(forsendelse.GetProperty("utskriftsKonfigurasjon").GetProperty("tosidig").GetBoolean());
        Assert.Equal(_shipments[id.ToString()], receipt);
    }

    [Fact]
    public async Task A_timed_out_answer_is_retried_with_the_same_reference_and_makes_one_shipment()
    {
        SlowAnswers = 1;
        var id = Guid.NewGuid();

        var receipt = await Sender(Channel.Paper).SendAsync(Letter(id), TestContext.Current.CancellationToken);

        Assert.True(_svarUt.Received.Count >= 2);
        Assert.Single(_svarUt.Received.Select(r => Read(r).Forsendelse.GetProperty("eksternReferanse").GetString()).Distinct());
        Assert.Equal(_shipments[id.ToString()], Assert.Single(_shipments).Value);
        Assert.Equal(_shipments[id.ToString()], receipt);
    }

    [Fact]
    public async Task A_refused_shipment_is_a_permanent_failure_and_not_retried()
    {
        var error = await Assert.ThrowsAsync<PermanentDeliveryException>(() =>
            Sender(Channel.DigitalMailbox).SendAsync(Letter(Guid.NewGuid(), "123"), TestContext.Current.CancellationToken));

        Assert.Single(_svarUt.Received);
        Assert.Empty(_shipments);
        Assert.DoesNotContain("123", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _svarUt.DisposeAsync();
        File.Delete(_secretFile);
    }
}
