using Microsoft.Coyote.Actors;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Actors;

/// <summary>Boots one variant × scenario under Coyote's actor runtime: registers the specs, creates the world,
/// and starts one actor per kernel thread.</summary>
public static class Harness
{
    public static World Start(IActorRuntime runtime, Variant variant, Scenario scenario, IReadOnlyList<Spec> specs)
    {
        foreach (var spec in specs)
        {
            spec.Register();
        }

        var driver = new CoyoteDriver(runtime);
        var world = new World(variant, driver, new MonitorObserver(specs));
        scenario.Boot(world);
        foreach (var thread in world.Threads)
        {
            driver.Spawn(thread);
        }

        return world;
    }
}
