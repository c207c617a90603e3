using Koordinering.Plan.Api;
using Koordinering.Plan.Data;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PlanDbContext>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<PlanApi>();

return await app.RunServiceAsync(args);
