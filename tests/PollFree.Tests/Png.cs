using System.Buffers.Binary;
using System.IO.Compression;

namespace PollFree.Tests;

/// <summary>
/// Just enough PNG to read a browser screenshot back: 8-bit truecolour (RGB or RGBA), not interlaced. The tests
/// must not depend on an image package, and this is all a screenshot assertion needs.
/// </summary>
internal sealed class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private readonly byte[] pixels;
    private readonly int channels;

    private Png(int width, int height, int channels, byte[] pixels)
    {
        this.Width = width;
        this.Height = height;
        this.channels = channels;
        this.pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public static Png Decode(byte[] file)
    {
        if (file.Length < Signature.Length || !file.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = Signature.Length; at + 8 <= file.Length;)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            at += 12 + length; // length, type, data, CRC
            switch (type)
            {
                case "IHDR":
                    width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                    height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    channels = (BitDepth: data[8], ColourType: data[9], Interlace: data[12]) switch
                    {
                        (8, 2, 0) => 3,
                        (8, 6, 0) => 4,
                        var other => throw new NotSupportedException($"PNG with bit depth {other.BitDepth}, colour type {other.ColourType}, interlace {other.Interlace}"),
                    };
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    return new Png(width, height, channels, Unfilter(Inflate(idat, width, height, channels), width, height, channels));
                default:
                    break;
            }
        }

        throw new InvalidDataException("PNG without IEND");
    }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = ((y * this.Width) + x) * this.channels;
        return (this.pixels[i], this.pixels[i + 1], this.pixels[i + 2]);
    }

    private static byte[] Inflate(MemoryStream idat, int width, int height, int channels)
    {
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new byte[height * (1 + (width * channels))];
        z.ReadExactly(raw);
        return raw;
    }

    /// <summary>Each scanline starts with its filter type; undoing it needs the pixel to the left (a), above (b) and above-left (c).</summary>
    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        var stride = width * bpp;
        var output = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = output.AsSpan(y * stride, stride);
            var prior = y == 0 ? new byte[stride] : output.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = prior[i], c = i >= bpp ? prior[i - bpp] : 0;
                row[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter type {filter}"),
                });
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
