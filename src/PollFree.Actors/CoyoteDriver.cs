using Microsoft.Coyote.Actors;
using PollFree.Kernel;

namespace PollFree.Actors;

/// <summary>
/// The kernel seam under Coyote: a scheduling point is <c>SchedulingPoint.Interleave()</c>, after which the seam
/// completes synchronously (the await never suspends, so Coyote sees no uncontrolled task). A blocked kernel thread
/// gives its continuation to its actor and the handler returns; the waker sends the actor a <see cref="Resume"/>,
/// whose handler runs the continuation. Blocked threads are thus idle actors, not spinning ones.
/// </summary>
public sealed class CoyoteDriver : IDriver
{
    private readonly IActorRuntime runtime;
    private readonly Dictionary<Cpu, ActorId> actors = [];

    public CoyoteDriver(IActorRuntime runtime) => this.runtime = runtime;

    public bool SchedulingPoint(Cpu cpu)
    {
        Microsoft.Coyote.Runtime.SchedulingPoint.Interleave();
        return true;
    }

    public void Preempted(Cpu cpu) =>
        throw new InvalidOperationException("the Coyote driver never preempts through the seam");

    public void Parked(Cpu cpu)
    {
    }

    public void Unpark(Cpu cpu) => this.runtime.SendEvent(this.actors[cpu], new Resume());

    public void Spawn(KThread thread) =>
        this.runtime.CreateActor(typeof(KernelThreadActor), new KernelThreadActor.Boot(thread, this));

    internal void Bind(Cpu cpu, ActorId id) => this.actors[cpu] = id;

    /// <summary>Sent to a kernel thread's actor when what it blocked on was released.</summary>
    public sealed class Resume : Event
    {
    }
}

/// <summary>One actor per kernel thread (a task, the reaper, the epoll user, the signal sender, the RCU kthread).</summary>
[OnEventDoAction(typeof(CoyoteDriver.Resume), nameof(OnResume))]
public sealed class KernelThreadActor : Actor
{
    private Cpu? cpu;

    protected override Task OnInitializeAsync(Event initialEvent)
    {
        var boot = (Boot)initialEvent;
        this.cpu = boot.Thread.Cpu;
        boot.Driver.Bind(this.cpu, this.Id);
        this.cpu.Start(boot.Thread.Program);
        return Task.CompletedTask;
    }

    private void OnResume() => this.cpu!.Resume();

    /// <summary>The initial event: which thread this actor runs, under which driver.</summary>
    public sealed class Boot : Event
    {
        public Boot(KThread thread, CoyoteDriver driver)
        {
            this.Thread = thread;
            this.Driver = driver;
        }

        public KThread Thread { get; }

        public CoyoteDriver Driver { get; }
    }
}
