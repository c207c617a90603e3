using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Notification.Api;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Consumers;
using Koordinering.Notification.Data;
using Koordinering.Notification.Delivery;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationDbContext>();
builder.AddNotificationChannels();
builder.AddArchive();
builder.AddEventing()
    .AddHandler<ApplicationSubmittedV1, NoticeConsumers>().AddHandler<InterimReplyRequestedV1, NoticeConsumers>()
    .AddHandler<DecidedV1, NoticeConsumers>().AddHandler<DecisionReversedV1, NoticeConsumers>()
    .AddHandler<CoordinatorAppointedV1, NoticeConsumers>().AddHandler<MeetingChangedV1, NoticeConsumers>()
    .AddHandler<EvaluationDueV1, NoticeConsumers>().AddHandler<ConsentGivenV1, NoticeConsumers>()
    .AddHandler<ConsentWithdrawnV1, NoticeConsumers>().AddHandler<PlanChangedV1, NoticeConsumers>()
    .AddHandler<CoordinationLeadChangedV1, NoticeConsumers>().AddHandler<MessagePostedV1, NoticeConsumers>()
    .AddHandler<PlanClosedV1, NoticeConsumers>();

var app = builder.Build();
app.MapServiceDefaults();
app.UseProtobufRequestValidation(Koordinering.Notification.V1.NotificationReflection.Descriptor, Koordinering.Operations.V1.EventAdminReflection.Descriptor);
app.MapEventing();
app.MapGrpcService<NotificationApi>();

return await app.RunServiceAsync(args);
