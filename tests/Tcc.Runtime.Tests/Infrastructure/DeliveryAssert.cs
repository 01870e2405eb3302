using Xunit;

namespace ContextCompany.Tests.Infrastructure;

public static class DeliveryAssert
{
    /// <summary>Asserts every counter of <paramref name="tcc"/> at once, with an empty queue.</summary>
    public static void Statistics(TccClient tcc, long enqueued, long sent, long retried, long dropped, long failed)
    {
        TccDeliveryStatistics s = tcc.Statistics;
        Assert.Equal(
            $"enqueued {enqueued}, sent {sent}, retried {retried}, dropped {dropped}, failed {failed}, queued 0/{s.QueueCapacity}",
            s.ToString());
    }
}
