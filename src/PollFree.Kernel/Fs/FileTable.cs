namespace PollFree.Kernel;

/// <summary>fs/file_table.c, fs/file.c, fs/open.c, fs/anon_inodes.c: just enough to make the last fput run
/// ->release. The fd table is per task and never shared (no CLONE_FILES scenario), so its lookups are local.</summary>
public static partial class Linux
{
    public static async ValueTask<OpenFile> anon_inode_getfile(Cpu cpu, FileKind kind)
    {
        using var f = cpu.Enter();
        var file = await kmem_cache_alloc<OpenFile>(cpu, cpu.World.FilpCache);
        file.Kind = kind;
        file.FCount = 1;
        return file;
    }

    public static int fd_install(Cpu cpu, OpenFile file)
    {
        var files = cpu.Current!.Files;
        var fd = 3;
        while (files.ContainsKey(fd))
        {
            fd++;
        }

        files[fd] = file;
        return fd;
    }

    public static OpenFile? fdget(Cpu cpu, int fd) => cpu.Current!.Files.GetValueOrDefault(fd);

    public static async ValueTask get_file(Cpu cpu, OpenFile file)
    {
        await cpu.Touch(file, "f_count", Op.Write, "atomic_long_inc");
        file.FCount++;
    }

    public static async ValueTask fput(Cpu cpu, OpenFile file)
    {
        using var f = cpu.Enter();
        await cpu.Touch(file, "f_count", Op.Write, "atomic_long_dec_and_test");
        if (--file.FCount == 0)
        {
            await __fput(cpu, file);
        }
    }

    /// <summary>The last reference: ->release. (eventpoll_release for a watched target is not modelled: no scenario
    /// closes the signalfd last.)</summary>
    public static async ValueTask __fput(Cpu cpu, OpenFile file)
    {
        using var f = cpu.Enter();
        if (file.Kind == FileKind.Eventpoll)
        {
            await ep_eventpoll_release(cpu, file);
        }
    }

    public static async ValueTask<int> sys_close(Cpu cpu, int fd)
    {
        using var f = cpu.Enter();
        if (!cpu.Current!.Files.Remove(fd, out var file))
        {
            return -9; // EBADF
        }

        await filp_close(cpu, file);
        return 0;
    }

    public static async ValueTask filp_close(Cpu cpu, OpenFile filp)
    {
        using var f = cpu.Enter();
        await fput(cpu, filp);
    }
}
