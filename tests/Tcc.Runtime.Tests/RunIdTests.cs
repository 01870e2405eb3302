using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ContextCompany.Model;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>Generated ids: lowercase UUID v4 strings, unique across threads.</summary>
public sealed partial class RunIdTests
{
    [Fact]
    public void Ids_from_many_threads_are_unique_lowercase_uuid_v4()
    {
        ConcurrentBag<string> ids = new();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 25_000; i++)
            {
                ids.Add(RunIds.NewUuid().ToString());
            }
        });

        Assert.Equal(200_000, ids.Distinct().Count());
        Assert.All(ids.Take(1000), id => Assert.Matches(UuidV4(), id));
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
    }

    [Fact]
    public void Ids_use_every_hex_digit_in_the_random_positions()
    {
        // A formatting slip (a nibble dropped or repeated) would leave some digits unused.
        string all = string.Concat(Enumerable.Range(0, 2000).Select(_ => RunIds.NewUuid().ToString()));
        Assert.All("0123456789abcdef", digit => Assert.Contains(digit, all));
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();
}
