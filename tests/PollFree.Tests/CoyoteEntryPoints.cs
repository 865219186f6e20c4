using Microsoft.Coyote.Actors;
using Microsoft.Coyote.SystematicTesting;
using PollFree.Actors;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Tests;

/// <summary>
/// Entry points for the Coyote CLI, one per variant × scenario, all specs registered:
/// <c>dotnet coyote test tests/PollFree.Tests/bin/Release/net10.0/PollFree.Tests.dll -m V3_CloseRacesReap -i 1000 -s prioritization</c>.
/// A trace saved by `pollfree explore` replays with <c>dotnet coyote replay ... FILE.trace -m V1_CloseRacesReap</c>.
/// </summary>
public static class CoyoteEntryPoints
{
    [Test]
    public static void V0_ReapThenClose(IActorRuntime runtime) => Start(runtime, "v0", "reap-then-close");

    [Test]
    public static void V0_CloseRacesReap(IActorRuntime runtime) => Start(runtime, "v0", "close-races-reap");

    [Test]
    public static void V0_SignalDuringReap(IActorRuntime runtime) => Start(runtime, "v0", "signal-during-reap");

    [Test]
    public static void V0_ReuseByFork(IActorRuntime runtime) => Start(runtime, "v0", "reuse-by-fork");

    [Test]
    public static void V0_WaitAcrossReap(IActorRuntime runtime) => Start(runtime, "v0", "wait-across-reap");

    [Test]
    public static void V0_ExclusiveWaiters(IActorRuntime runtime) => Start(runtime, "v0", "exclusive-waiters");

    [Test]
    public static void V0_ExecDropsSighand(IActorRuntime runtime) => Start(runtime, "v0", "exec-drops-sighand");

    [Test]
    public static void V1_ReapThenClose(IActorRuntime runtime) => Start(runtime, "v1", "reap-then-close");

    [Test]
    public static void V1_CloseRacesReap(IActorRuntime runtime) => Start(runtime, "v1", "close-races-reap");

    [Test]
    public static void V1_SignalDuringReap(IActorRuntime runtime) => Start(runtime, "v1", "signal-during-reap");

    [Test]
    public static void V1_ReuseByFork(IActorRuntime runtime) => Start(runtime, "v1", "reuse-by-fork");

    [Test]
    public static void V1_WaitAcrossReap(IActorRuntime runtime) => Start(runtime, "v1", "wait-across-reap");

    [Test]
    public static void V1_ExclusiveWaiters(IActorRuntime runtime) => Start(runtime, "v1", "exclusive-waiters");

    [Test]
    public static void V1_ExecDropsSighand(IActorRuntime runtime) => Start(runtime, "v1", "exec-drops-sighand");

    [Test]
    public static void V2_ReapThenClose(IActorRuntime runtime) => Start(runtime, "v2", "reap-then-close");

    [Test]
    public static void V2_CloseRacesReap(IActorRuntime runtime) => Start(runtime, "v2", "close-races-reap");

    [Test]
    public static void V2_SignalDuringReap(IActorRuntime runtime) => Start(runtime, "v2", "signal-during-reap");

    [Test]
    public static void V2_ReuseByFork(IActorRuntime runtime) => Start(runtime, "v2", "reuse-by-fork");

    [Test]
    public static void V2_WaitAcrossReap(IActorRuntime runtime) => Start(runtime, "v2", "wait-across-reap");

    [Test]
    public static void V2_ExclusiveWaiters(IActorRuntime runtime) => Start(runtime, "v2", "exclusive-waiters");

    [Test]
    public static void V2_ExecDropsSighand(IActorRuntime runtime) => Start(runtime, "v2", "exec-drops-sighand");

    [Test]
    public static void V3_ReapThenClose(IActorRuntime runtime) => Start(runtime, "v3", "reap-then-close");

    [Test]
    public static void V3_CloseRacesReap(IActorRuntime runtime) => Start(runtime, "v3", "close-races-reap");

    [Test]
    public static void V3_SignalDuringReap(IActorRuntime runtime) => Start(runtime, "v3", "signal-during-reap");

    [Test]
    public static void V3_ReuseByFork(IActorRuntime runtime) => Start(runtime, "v3", "reuse-by-fork");

    [Test]
    public static void V3_WaitAcrossReap(IActorRuntime runtime) => Start(runtime, "v3", "wait-across-reap");

    [Test]
    public static void V3_ExclusiveWaiters(IActorRuntime runtime) => Start(runtime, "v3", "exclusive-waiters");

    [Test]
    public static void V3_ExecDropsSighand(IActorRuntime runtime) => Start(runtime, "v3", "exec-drops-sighand");

    [Test]
    public static void V4_ReapThenClose(IActorRuntime runtime) => Start(runtime, "v4", "reap-then-close");

    [Test]
    public static void V4_CloseRacesReap(IActorRuntime runtime) => Start(runtime, "v4", "close-races-reap");

    [Test]
    public static void V4_SignalDuringReap(IActorRuntime runtime) => Start(runtime, "v4", "signal-during-reap");

    [Test]
    public static void V4_ReuseByFork(IActorRuntime runtime) => Start(runtime, "v4", "reuse-by-fork");

    [Test]
    public static void V4_WaitAcrossReap(IActorRuntime runtime) => Start(runtime, "v4", "wait-across-reap");

    [Test]
    public static void V4_ExclusiveWaiters(IActorRuntime runtime) => Start(runtime, "v4", "exclusive-waiters");

    [Test]
    public static void V4_ExecDropsSighand(IActorRuntime runtime) => Start(runtime, "v4", "exec-drops-sighand");

    private static void Start(IActorRuntime runtime, string variant, string scenario) =>
        Harness.Start(runtime, Variant.Find(variant)!, Scenario.Find(scenario)!, Spec.All);
}
