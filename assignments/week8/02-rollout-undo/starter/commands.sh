# Write here, one per line, the commands you run (the grader runs them as they are).
kubectl rollout history deployment {{ deploy }}
