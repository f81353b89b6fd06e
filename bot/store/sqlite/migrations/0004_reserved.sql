-- Reserved for issue 13's group language (helper 13a's 0004): a placeholder that changes
-- nothing, so that 0005 applies on this branch. Replaced by that migration when merged.
SELECT 1;
