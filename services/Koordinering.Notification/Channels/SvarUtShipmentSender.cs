using System.Net.Http.Headers;
using System.Text;
using Koordinering.Domain;
using Koordinering.Notification.Domain;
using Koordinering.Notification.Letters;
using Koordinering.Notification.Texts;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Channels;

/// <summary>
/// The digital mailbox and paper letters through KS SvarUt: <c>POST {base}/tjenester/api/forsendelse/v1/sendForsendelse</c>
/// as multipart/form-data, the <c>forsendelse</c> JSON part (<see cref="SvarUtShipment"/>) and the letter as PDF
/// (<see cref="LetterPdf"/> with the municipality's letterhead), with HTTP Basic auth (the forsendelse service's id and
/// secret). The identity number is only in the JSON part, never in the URL. 4xx is a refusal (the next channel is
/// tried), 5xx and timeouts are transient; the receipt is the forsendelse id SvarUt answers with.
/// </summary>
public sealed class SvarUtShipmentSender(HttpClient http, IOptions<SvarUtOptions> options, IOptions<LetterOptions> letters, LetterPdf pdf,
    TimeProvider time, Channel channel) : IChannelSender
{
    public Channel Channel => channel;

    /// <summary>When a shipment's receipt status is first asked for.</summary>
    public TimeSpan FirstStatusCheck => options.Value.StatusFirstCheck;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), NorwegianTime.Find("Europe/Oslo")).DateTime);
        var letter = pdf.Render(new RenderedText(message.Subject, message.Body), letters.Value.LetterheadFor(message.MunicipalityNumber ?? ""),
            Templates.Date(today, WrittenStandard.Nb));

        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(SvarUtShipment.Forsendelse(message with { Channel = channel }, settings).ToJsonString(), Encoding.UTF8, "application/json"), "forsendelse");
        var file = new ByteArrayContent(letter);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "dokument", SvarUtShipment.FileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(SvarUtShipment.SendPath, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ServiceId}:{settings.ResolveSecret()}")));

        using var response = await http.SendAsync(request, cancellationToken);
        HttpSmsSender.ThrowFor(response);
        return SvarUtShipment.Receipt(await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
