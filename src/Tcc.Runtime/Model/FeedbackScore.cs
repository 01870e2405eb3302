namespace ContextCompany;

/// <summary>A thumbs rating for a run (Python <c>score="thumbs_up"</c> / <c>"thumbs_down"</c>).</summary>
public enum FeedbackScore
{
    /// <summary>Sent as <c>"thumbs_up"</c>.</summary>
    ThumbsUp,

    /// <summary>Sent as <c>"thumbs_down"</c>.</summary>
    ThumbsDown,
}
