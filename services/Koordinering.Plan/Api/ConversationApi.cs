using Grpc.Core;
using Koordinering.Plan.Conversations;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>The conversation API: checks and maps the messages; the handler decides.</summary>
public sealed class ConversationApi(ConversationHandler handler, ConversationOverview overview) : V1.ConversationService.ConversationServiceBase
{
    public override async Task<V1.PostMessageResponse> PostMessage(V1.PostMessageRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        Guid? corrects = request.CorrectsMessageId.Length == 0 ? null : RpcErrors.ParseId(request.CorrectsMessageId, "corrects_message_id");
        var text = Text(request.Text);
        var caller = context.Caller();
        var message = await handler.PostAsync(caller, id, text, corrects, context.CancellationToken);
        return new() { Message = ConversationMapping.ToProto(message, ConversationReaders.Key(caller)) };
    }

    public override async Task<V1.EditMessageResponse> EditMessage(V1.EditMessageRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.MessageId, "message_id");
        var text = Text(request.Text);
        var caller = context.Caller();
        var message = await handler.EditAsync(caller, id, text, context.CancellationToken);
        return new() { Message = ConversationMapping.ToProto(message, ConversationReaders.Key(caller)) };
    }

    public override async Task<V1.ListMessagesResponse> ListMessages(V1.ListMessagesRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        var page = await handler.ReadAsync(context.Caller(), id, size, after, context.CancellationToken);
        var response = new V1.ListMessagesResponse { NextPageToken = page.NextPageToken ?? "", UnreadCount = page.UnreadCount };
        response.Messages.AddRange(page.Messages.Select(m => ConversationMapping.ToProto(m, page.ReaderKey)));
        return response;
    }

    public override async Task<V1.ListMyConversationsResponse> ListMyConversations(V1.ListMyConversationsRequest request, ServerCallContext context)
    {
        var conversations = await overview.MineAsync(context.Caller(), context.CancellationToken);
        var response = new V1.ListMyConversationsResponse { UnreadCount = conversations.Sum(c => c.UnreadCount) };
        response.Conversations.AddRange(conversations.Select(ConversationMapping.ToProto));
        return response;
    }

    private static string Text(string text)
    {
        var violations = new List<(string, string)>();
        violations.RequireText(text, "text", PlanLimits.MaxMessage);
        violations.ThrowIfAny();
        return text.Trim();
    }
}
