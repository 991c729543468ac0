//! Reconcile stage: the rules of the receiving systems, in parallel, no I/O.
