# The tests the sanitizer tree leaves to the release suite, as GoogleTest filter patterns
# (tests/CMakeLists.txt turns them into a negative --gtest_filter). Each runs in the
# release suite; the reasons (docs/reliability.md, "CI and its time budget"):
set(OFFERSIM_SANITIZER_SKIPS
  # Whole shipped baseline re-run several times to compare outputs (thread counts, re-runs,
  # concurrent runs, every example): about ten times as long under ASan, and no code path
  # the others miss.
  *OfTwoRunsIntoOneFolder* *CompareReportsPairedDifferences* *EveryFileButTheRunRecord*
  *ARecordedRunIsReproduced* Examples.* RunScenario.RunsTheWinBack* RunScenario.ReportsProgress*
  *OutputsAreByteIdentical* Determinism.* WinBackFromChurners.ResultsAreBitIdentical*
  # Command-line tests that run the whole baseline to check how folders and reports are
  # written: under ASan the simulation, not what they check, takes their 20-35 s each. The
  # small end-to-end compare (CompareWaterfall...) still writes every file under ASan.
  OutputFolder.ALaterRun* OutputFolder.CompareKeeps* OutputFolder.AnAbsoluteOrEmpty*
  OutputFolder.AKilledRun* OutputFolder.ANameWithParent* EndToEnd.TheReportStates*
  EndToEnd.RunsTheShipped* EndToEnd.TheSubscriberChart* *AnInterruptedRunLeaves*
  *OffersimRunWritesAWorkbook*
  # MPI jobs of 2 and 3 ranks, each rank the whole sanitized simulation: the compare-and-sweep
  # job, a compare of one replication on shared shards (a hundredth of the base over a year,
  # about as long as the compare-and-sweep job), a small run on shared shards, one with
  # per-customer views, and the refusals stay under ASan, with Open MPI's own
  # leaks suppressed (tests/cli/mpi_leaks.supp). The modules' exchanges on shared shards
  # (retention lists, pool churners, group counts) run under ASan in-process (RankSplit.*).
  # The fee sweep and solve of one replication on 2 ranks (11 s under ASan) step the same
  # lockstep on shared shards as the compare of one replication, which stays; their plans'
  # differing cohorts are stepped under ASan in-process (RankSplit.SharedShardsOfPlansWhose*).
  MpiRanks.ARunOnTwoOrThree* MpiRanks.RetentionGroupsAndWinBackOnSharedShards*
  MpiRanks.AFeeSweepAndASolveOfOneReplication*
  # Limits measured in processor time and latency (a 16 MiB input checked in linear time,
  # SIGTERM honoured within a second): ASan's slowdown would only measure ASan. The loader's
  # code paths stay under ASan in the fuzzer.
  LoaderLimits.* RunLimits.*
  # The bad-input corpus through the command line (179 runs of the binary): the fuzzer, run
  # next by CI, starts from every one of those files under the same sanitizers.
  *BadInputCorpus.IsRejected*
  # The shipped price examples and the churner pool's statistical checks run the same code
  # as their unit tests many times over (18 and 16 s each under ASan); one small churner-pool
  # run stays (ConvertsRejoin...).
  PriceExamples.* WinBackFromChurners.ChurnersJoinThePool* WinBackFromChurners.AHigherShare*
  # Statistical properties over many data sets or replications (a back-test over 24
  # histories or the shipped 20,000-customer one, whose engine path the command-line test
  # still runs under ASan; interval coverage over 100 fits, closed forms over hundreds of paired runs)
  # and the schema over every generated variant; the month loop's survival curves over large
  # cohorts and the second optimiser algorithm: 3-22 s each under ASan, repeating code that
  # their smaller neighbours run under the sanitizers once.
  Statistics.* Optimise.AuglagPutsTheOptimum*
  Backtest.TheBandsHold* Backtest.TheShippedWorkedExample* Backtest.TheEnginePathAgrees* CalibrationFits.ChurnStandardErrorsCover* *AcceptsEveryVariantThatRestates*
  *SbgInitialBaseFollowsTheConditional* *ARicherWinBackOfferConfirms* *UnifiedPaymentExampleKeepsTheStaff*)
