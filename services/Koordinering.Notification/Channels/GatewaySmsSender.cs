using System.Net;
using System.Net.Http.Json;
using Koordinering.Notification.Domain;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Channels;

/// <summary>
/// SMS through an HTTP gateway, in the JSON shape common to Norwegian gateways (LINK Mobility's REST
/// send API and its like): <c>POST {Notification:SmsGatewayUrl}/sms/send</c> with
/// <c>{"source": sender name, "destination": mobile, "userData": text, "refId": reference}</c>.
/// The contract the adapter relies on: <c>refId</c> is the message's idempotency key. It is the notice's
/// id, the same on every retry (the resilience handler's and the dispatcher's), and the gateway sends a
/// message with a reference it has already accepted no second time, answering 2xx or 409 Conflict.
/// 409 is therefore success; another 4xx is a refusal (the next channel is tried); 5xx and timeouts are
/// transient. Authentication: a Maskinporten token when <c>Notification:SmsGatewayScope</c> is set.
/// </summary>
public sealed class GatewaySmsSender(HttpClient http, IOptions<NotificationOptions> options) : IChannelSender
{
    public Channel Channel => Channel.Sms;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("sms/send", UriKind.Relative), new
        {
            source = options.Value.SmsSender,
            destination = message.To,
            userData = message.Body,
            refId = message.NoticeId.ToString(),
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
        HttpSmsSender.ThrowFor(response);
        return null;
    }
}
