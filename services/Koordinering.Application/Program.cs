using Koordinering.Application.Api;
using Koordinering.Application.Applications;
using Koordinering.Application.Consumers;
using Koordinering.Application.Data;
using Koordinering.Application.Deadlines;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ApplicationDbContext>();
builder.Services.AddScoped<ApplicationAccess>().AddScoped<SubmitHandler>().AddScoped<ApplicationHandler>().AddScoped<ApplicationQueries>();
builder.AddEventing()
    .AddHandler<AssessmentReadyV1, AssessmentReadyConsumer>()
    .AddHandler<DecidedV1, DecidedConsumer>()
    .AddHandler<DecisionReversedV1, DecisionReversedConsumer>();
builder.Services.Configure<DeadlineOptions>(builder.Configuration.GetSection(DeadlineOptions.Section));
builder.Services.AddSingleton<DeadlineMonitor>().AddHostedService(sp => sp.GetRequiredService<DeadlineMonitor>());

var app = builder.Build();
app.MapServiceDefaults();
app.UseProtobufRequestValidation(Koordinering.Application.V1.ApplicationReflection.Descriptor, Koordinering.Operations.V1.EventAdminReflection.Descriptor);
app.MapEventing();
app.MapGrpcService<ApplicationApi>();

return await app.RunServiceAsync(args);
