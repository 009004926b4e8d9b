# Diagnose first (kubectl get pods,svc,ep -o wide; kubectl describe ...), then fix.
