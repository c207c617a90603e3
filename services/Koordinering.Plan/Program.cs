using Koordinering.Plan.Api;
using Koordinering.Plan.Data;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PlanDbContext>();
builder.AddEventing();

var app = builder.Build();
app.MapServiceDefaults();
app.MapEventing();
app.MapGrpcService<PlanApi>();

return await app.RunServiceAsync(args);
