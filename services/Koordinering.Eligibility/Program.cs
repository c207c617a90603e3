using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Consumers;
using Koordinering.Eligibility.Data;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<EligibilityDbContext>();
builder.AddEventing()
    .AddHandler<ApplicationSubmittedV1, ApplicationSubmittedConsumer>()
    .AddHandler<ApplicationWithdrawnV1, ApplicationWithdrawnConsumer>();

var app = builder.Build();
app.MapServiceDefaults();
app.UseProtobufRequestValidation(Koordinering.Eligibility.V1.EligibilityReflection.Descriptor, Koordinering.Operations.V1.EventAdminReflection.Descriptor);
app.MapEventing();
app.MapGrpcService<EligibilityApi>();

return await app.RunServiceAsync(args);
