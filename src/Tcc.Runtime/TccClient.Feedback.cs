using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;

namespace ContextCompany;

// End-user feedback: checked at the call, sent at once (not through the delivery queue), never throwing for
// transport problems.
public sealed partial class TccClient
{
    /// <summary>
    /// Submits end-user feedback for a run (Python <c>tcc.submit_feedback</c>). At least one of
    /// <paramref name="score"/> and <paramref name="text"/> is required.
    /// </summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="score">A thumbs rating, or null.</param>
    /// <param name="text">Written feedback of at most 2000 characters, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when the service accepted it (2xx); false when there is no API key, or on a network failure or another answer. Never throws for those.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runId"/> is null.</exception>
    /// <exception cref="ArgumentException">Neither score nor text was given, or the text is longer than 2000 characters.</exception>
    public Task<bool> SubmitFeedbackAsync(string runId, FeedbackScore? score = null, string? text = null, CancellationToken cancellationToken = default) =>
        SubmitFeedbackAsync(runId, score, text, cancellationToken, runActivity: null);

    /// <summary>As the public overload; <paramref name="runActivity"/> is the run's Activity when the caller has it.</summary>
    internal Task<bool> SubmitFeedbackAsync(string runId, FeedbackScore? score, string? text, CancellationToken cancellationToken, Activity? runActivity)
    {
        string? wireScore = score switch
        {
            null => null,
            FeedbackScore.ThumbsUp => TccRules.ThumbsUp,
            FeedbackScore.ThumbsDown => TccRules.ThumbsDown,
            _ => throw new ArgumentOutOfRangeException(nameof(score), score, "[TCC] score must be FeedbackScore.ThumbsUp or FeedbackScore.ThumbsDown"),
        };
        return SubmitValidatedFeedbackAsync(runId, wireScore, text, cancellationToken, runActivity);
    }

    /// <summary>
    /// Submits end-user feedback whose score arrives as a string, for example from a browser client:
    /// <c>"thumbs_up"</c> or <c>"thumbs_down"</c> exactly, or null for no score.
    /// </summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="score"><c>"thumbs_up"</c>, <c>"thumbs_down"</c> or null.</param>
    /// <param name="text">Written feedback of at most 2000 characters, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when the service accepted it (2xx), else false. Never throws for transport problems.</returns>
    /// <exception cref="ArgumentException">The score is not one of the two values, neither score nor text was given, or the text is too long.</exception>
    public Task<bool> SubmitFeedbackAsync(string runId, string? score, string? text = null, CancellationToken cancellationToken = default)
    {
        if (score is not null && !TccRules.IsValidFeedbackScore(score))
        {
            throw new ArgumentException(
                $"[TCC] Invalid feedback score '{score}': use \"{TccRules.ThumbsUp}\" or \"{TccRules.ThumbsDown}\" (case-sensitive), or null for no score",
                nameof(score));
        }

        return SubmitValidatedFeedbackAsync(runId, score, text, cancellationToken, runActivity: null);
    }

    private async Task<bool> SubmitValidatedFeedbackAsync(string runId, string? score, string? text, CancellationToken cancellationToken, Activity? runActivity)
    {
        RecordGuard.ThrowIfNull(runId, nameof(runId));
        if (runId.Length == 0)
        {
            throw new ArgumentException("[TCC] runId must not be empty", nameof(runId));
        }

        if (string.IsNullOrEmpty(text))
        {
            text = null;
            if (score is null)
            {
                throw new ArgumentException("[TCC] Feedback requires at least one of score or text", nameof(score));
            }
        }
        else if (TccRules.IsFeedbackTextTooLong(text))
        {
            throw new ArgumentException(
                $"[TCC] Feedback text must be at most {TccRules.MaxFeedbackTextLength} characters (got {text!.Length})",
                nameof(text));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (TccActivities.Source.HasListeners())
        {
            TccActivities.AddFeedback(runActivity ?? TccActivities.FindOpenRun(runId), score, text, CaptureMessageContent);
        }

        PayloadWriter writer = new(_diagnostics);
        if (_localFile is not null)
        {
            // No API key: recorded locally like everything else, but the service did not accept it.
            _localFile.Append(writer.WriteFeedback(runId, score, text, tagged: true), run: null);
            return false;
        }

        if (_http is null || _feedbackUrl is null)
        {
            return false;
        }

        SendResult result = await _http.PostAsync(_feedbackUrl, writer.WriteFeedback(runId, score, text, tagged: false), cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Outcome != SendOutcome.Delivered)
        {
            _diagnostics.Failed("feedback", result.Reason!);
            return false;
        }

        return true;
    }
}
