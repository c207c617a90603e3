using Koordinering.Consent.V1;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Api;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Consumers;
using Koordinering.Plan.Data;
using Koordinering.Plan.Evaluations;
using Koordinering.Plan.Calendar;
using Koordinering.Plan.CoordinationLeads;
using Koordinering.Plan.Conversations;
using Koordinering.Plan.Coordinations;
using Koordinering.Plan.Meetings;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PlanDbContext>();
builder.AddServiceClient<ConsentService.ConsentServiceClient>("Consent");
builder.Services.AddScoped<IConsentCheck, GrpcConsentCheck>();
builder.Services.AddScoped<PlanAccess>().AddScoped<CoordinationHandler>().AddScoped<PlanHandler>().AddScoped<MeetingHandler>()
    .AddScoped<CalendarQuery>().AddScoped<CoordinationLeadHandler>().AddScoped<ReadablePlans>()
    .AddScoped<ConversationHandler>().AddScoped<ConversationOverview>().AddScoped<MessageRecipients>();
builder.AddEventing()
    .AddHandler<DecidedV1, DecidedConsumer>()
    .AddHandler<DecisionReversedV1, DecidedConsumer>()
    .AddHandler<ConsentWithdrawnV1, ConsentWithdrawnConsumer>();
builder.Services.Configure<EvaluationOptions>(builder.Configuration.GetSection(EvaluationOptions.Section));
builder.Services.AddSingleton<EvaluationMonitor>().AddHostedService(sp => sp.GetRequiredService<EvaluationMonitor>());

var app = builder.Build();
app.MapServiceDefaults();
app.UseProtobufRequestValidation(Koordinering.Plan.V1.PlanReflection.Descriptor, Koordinering.Plan.V1.CoordinationLeadReflection.Descriptor,
    Koordinering.Plan.V1.ConversationReflection.Descriptor);
app.MapEventing();
app.MapGrpcService<PlanApi>();
app.MapGrpcService<CoordinationLeadApi>();
app.MapGrpcService<ConversationApi>();

return await app.RunServiceAsync(args);
