/**
 * The Android world's knobs: every number a scenario (or `--set key=value`) can change. Sizes are
 * MB, CPU work is ms (or ns per page) on a core of capacity 1.0, times are simulated.
 */
export interface AndroidKnobs {
  /** Cached apps at the start (oom_score_adj 900–999). */
  readonly apps: number;
  /** Installed apps that are not running at the start: the user cold-starts them later. */
  readonly extraApps: number;
  readonly anonMBMin: number;
  readonly anonMBMax: number;
  /** Resident file-backed pages (code, mapped resources) of an app. */
  readonly fileMBMin: number;
  readonly fileMBMax: number;
  /** Mean swap run length of an aged app (swap_pte_batch). */
  readonly meanRunEntries: number;
  /**
   * Free memory at t = 0, MB (system services and the kernel hold what the apps leave); background
   * restarts also wait while they would leave less than this free.
   */
  readonly initialFreeMB: number;
  /**
   * Memory neither apps nor the page cache can have, MB: what the firmware reserves (RAM missing
   * from MemTotal) and what the kernel holds (slab, page tables, kernel stacks, GPU and dma-buf
   * buffers outside the camera).
   */
  readonly kernelMB: number;
  /** Anonymous memory of system services and persistent processes (system_server, SurfaceFlinger, SystemUI, GMS, HALs), MB. */
  readonly servicesMB: number;
  /** Files system services keep reading (framework, libraries, their code and data): their hot set, MB. */
  readonly systemFileMB: number;
  /** The camera app's and HAL's files (APK, native libraries, tuning data, ML models), MB. */
  readonly cameraFileMB: number;
  /** Distinct file pages a service touches per ms of its CPU work (code and data it runs through). */
  readonly bgFileTouchPagesPerMs: number;
  /** New file data services and other apps read per second of their CPU work (read once), MB. */
  readonly bgReadMBPerCpuSec: number;
  /** vm.swappiness: the weight of anon against file in reclaim (0–200). */
  readonly swappiness: number;
  /** Reclaim of one clean file page (isolation, unmapping, shadow entry, freeing), ns. */
  readonly fileReclaimNsPerPage: number;
  /** Storage: latency of one read request, µs; pages a request brings that the reader needed; bandwidth, MB/s. */
  readonly ioLatencyUs: number;
  readonly ioPagesPerRequest: number;
  readonly ioReadMBps: number;

  /** First camera cold launch, s (0: no camera). */
  readonly cameraFirstSec: number;
  /** Time between camera launches, s (uniform); 0: a single launch. */
  readonly cameraPeriodSecMin: number;
  readonly cameraPeriodSecMax: number;
  /** Memory the camera app allocates as it starts (before its first frame and after), MB (uniform). */
  readonly cameraAllocMBMin: number;
  readonly cameraAllocMBMax: number;
  /**
   * What the camera HAL allocates while the camera launches (its native heap at open, the stream
   * buffers of configure_streams), MB; the first frame cannot be shown before it is done.
   */
  readonly cameraHalAllocMB: number;
  /** The HAL starts allocating this long into the launch (camera open, configure_streams), ms. */
  readonly cameraHalOpenMs: number;
  /** …and allocates them within this long, ms. */
  readonly cameraHalAllocMs: number;
  /**
   * Buffers the capture session allocates once the preview runs (zero-shutter-lag and RAW rings,
   * HDR and ML pipeline buffers), MB: each on the path of the first request that needs it, spread
   * over the frames of the first `cameraPreviewAllocMs` of preview.
   */
  readonly cameraPreviewAllocMB: number;
  readonly cameraPreviewAllocMs: number;
  /** CPU work of the app's start-up (class loading, camera open, preview setup, the rest of its init), ms. */
  readonly cameraLaunchCpuMs: number;
  /**
   * Share of the launch's memory and CPU work done before the first frame, percent; the rest is
   * deferred initialisation that runs during the first `cameraPreviewAllocMs` of the preview.
   */
  readonly cameraFirstFramePct: number;
  /** The allocations before the first frame are spread over this long at most, ms. */
  readonly cameraAllocMs: number;
  /** CPU work of one 30 fps preview frame, ms. */
  readonly cameraFrameCpuMs: number;
  /** New memory each frame faults in while the preview warms up (the first `cameraPreviewAllocMs`), MB. */
  readonly cameraFrameAllocMB: number;
  /** Camera files (code, models) each frame touches, KB. */
  readonly cameraFrameFileKB: number;
  /** How long the user keeps the preview open, s (uniform). */
  readonly previewSecMin: number;
  readonly previewSecMax: number;

  /** Mean delay before ActivityManager restarts a killed app in the background (services, jobs), s; 0 = never. */
  readonly restartSecMean: number;
  /**
   * Restarted apps come back already aged (1: a time-lapse, their cold pages in zram at once, so
   * that every camera launch finds a full cache) or fresh (0: they age in real time).
   */
  readonly restartAged: number;
  /** Time between app switches of the user, s (uniform); 0 = the user never switches. */
  readonly switchSecMin: number;
  readonly switchSecMax: number;
  /** Chance a switch goes to an app that is not running (a cold start), percent. */
  readonly coldStartPct: number;
  /** CPU work of an ordinary app's cold start, ms. */
  readonly appLaunchCpuMs: number;
  /** An app's cold start spreads its allocations over this long at most, ms. */
  readonly appAllocMs: number;
  /** An app restarted in the background grows to its size over this long, ms. */
  readonly restartAllocMs: number;

  /** Threads of system services and other apps. */
  readonly bgThreads: number;
  /** Their duty cycle in normal times, percent. */
  readonly bgBaseDutyPct: number;
  /** Their duty cycle while the camera launches (system_server, cameraserver, HALs, SurfaceFlinger), percent. */
  readonly bgLaunchDutyPct: number;
  /** Mean length of one burst of background work, ms. */
  readonly bgBurstMs: number;
  /** The launch boost lasts until this long after the first frame, ms. */
  readonly bgBoostTailMs: number;

  /** Reclaim of one anon page into zram (LRU isolation, rmap, lz4, zs_malloc), ns. */
  readonly reclaimNsPerPage: number;
  /** Direct reclaim takes pages that are not cold yet, up to this share of an app's anon, percent. */
  readonly directReclaimSharePct: number;
  /** Page fault and zeroing of one newly allocated page, ns. */
  readonly faultNsPerPage: number;
  /** kswapd works in chunks of this size, MB. */
  readonly kswapdChunkMB: number;
  /** Launches allocate in chunks of this size, MB. */
  readonly allocChunkMB: number;

  /** lmkd calls process_mrelease from its reaper threads (1) or only sends SIGKILL (0). */
  readonly processMrelease: number;
  /** lmkd raises a victim to ANDROID_PRIORITY_HIGHEST (nice −20) and the foreground cpuset (1), or leaves it (0). */
  readonly victimBoost: number;
  /** CPU work of one kill decision (reading /proc, picking the victim), µs. */
  readonly lmkdDecisionUs: number;
  /** ro.lmk.kill_timeout_ms: lmkd waits this long at most for a victim to die before it looks again. */
  readonly lmkKillTimeoutMs: number;
  /** ro.lmk.psi_partial_stall_ms: PSI `some` stall per 1 s window for a medium event. */
  readonly lmkPsiPartialStallMs: number;
  /** ro.lmk.psi_complete_stall_ms: PSI `full` stall per 1 s window for a critical event. */
  readonly lmkPsiCompleteStallMs: number;
  /** ro.lmk.thrashing_limit, percent. */
  readonly lmkThrashingLimit: number;
  /** ro.lmk.thrashing_limit_decay, percent. */
  readonly lmkThrashingLimitDecay: number;
  /** ro.lmk.thrashing_limit_critical, percent (lmkd's default: twice the limit). */
  readonly lmkThrashingLimitCritical: number;
  /** ro.lmk.swap_free_low_percentage. */
  readonly lmkSwapFreeLowPercentage: number;
  /** ro.lmk.swap_compression_ratio: free swap counts at most this × (free + inactive file); 0: SwapFree alone. */
  readonly lmkSwapCompressionRatio: number;
  /** ro.lmk.stall_limit_critical: PSI full avg10 above which perceptible apps may die. */
  readonly lmkStallLimitCritical: number;
  /** ro.lmk.pressure_after_kill_min_score. */
  readonly lmkPressureAfterKillMinScore: number;
}

/** The lmkd properties among the knobs, by the name Android gives them. */
export const KNOB_ALIASES: Readonly<Partial<Record<keyof AndroidKnobs, string>>> = {
  lmkKillTimeoutMs: 'ro.lmk.kill_timeout_ms',
  lmkPsiPartialStallMs: 'ro.lmk.psi_partial_stall_ms',
  lmkPsiCompleteStallMs: 'ro.lmk.psi_complete_stall_ms',
  lmkThrashingLimit: 'ro.lmk.thrashing_limit',
  lmkThrashingLimitDecay: 'ro.lmk.thrashing_limit_decay',
  lmkThrashingLimitCritical: 'ro.lmk.thrashing_limit_critical',
  lmkSwapFreeLowPercentage: 'ro.lmk.swap_free_low_percentage',
  lmkSwapCompressionRatio: 'ro.lmk.swap_compression_ratio',
  lmkStallLimitCritical: 'ro.lmk.stall_limit_critical',
  lmkPressureAfterKillMinScore: 'ro.lmk.pressure_after_kill_min_score',
  swappiness: 'vm.swappiness',
};

export const ANDROID_DEFAULTS: AndroidKnobs = {
  apps: 22,
  extraApps: 10,
  anonMBMin: 300,
  anonMBMax: 700,
  fileMBMin: 20,
  fileMBMax: 80,
  meanRunEntries: 16,
  initialFreeMB: 160,
  kernelMB: 1_700,
  servicesMB: 800,
  systemFileMB: 400,
  cameraFileMB: 400,
  bgFileTouchPagesPerMs: 10,
  bgReadMBPerCpuSec: 4,
  swappiness: 100,
  fileReclaimNsPerPage: 500,
  ioLatencyUs: 150,
  ioPagesPerRequest: 8,
  ioReadMBps: 1_500,
  cameraFirstSec: 3,
  cameraPeriodSecMin: 30,
  cameraPeriodSecMax: 60,
  cameraAllocMBMin: 600,
  cameraAllocMBMax: 900,
  cameraHalAllocMB: 1_000,
  cameraHalOpenMs: 350,
  cameraHalAllocMs: 150,
  cameraPreviewAllocMB: 500,
  cameraPreviewAllocMs: 1_500,
  cameraLaunchCpuMs: 700,
  cameraFirstFramePct: 28,
  cameraAllocMs: 800,
  cameraFrameCpuMs: 8,
  cameraFrameAllocMB: 2,
  cameraFrameFileKB: 256,
  previewSecMin: 6,
  previewSecMax: 15,
  restartSecMean: 15,
  restartAged: 1,
  switchSecMin: 4,
  switchSecMax: 10,
  coldStartPct: 0,
  appLaunchCpuMs: 250,
  appAllocMs: 2_000,
  restartAllocMs: 20_000,
  bgThreads: 20,
  bgBaseDutyPct: 10,
  bgLaunchDutyPct: 95,
  bgBurstMs: 20,
  bgBoostTailMs: 500,
  reclaimNsPerPage: 3_000,
  directReclaimSharePct: 85,
  faultNsPerPage: 250,
  kswapdChunkMB: 4,
  allocChunkMB: 4,
  processMrelease: 1,
  victimBoost: 1,
  lmkdDecisionUs: 300,
  lmkKillTimeoutMs: 100,
  lmkPsiPartialStallMs: 70,
  lmkPsiCompleteStallMs: 700,
  lmkThrashingLimit: 100,
  lmkThrashingLimitDecay: 10,
  lmkThrashingLimitCritical: 200,
  lmkSwapFreeLowPercentage: 10,
  lmkSwapCompressionRatio: 1,
  lmkStallLimitCritical: 100,
  lmkPressureAfterKillMinScore: 0,
};

export const ANDROID_KNOB_DOCS: Readonly<Record<keyof AndroidKnobs, string>> = {
  apps: 'cached apps at the start (oom_score_adj 900–999)',
  extraApps: 'installed apps not running at the start (cold-started later)',
  anonMBMin: 'smallest anonymous memory of an app, MB',
  anonMBMax: 'largest anonymous memory of an app, MB',
  fileMBMin: 'smallest resident file-backed memory of an app, MB',
  fileMBMax: 'largest resident file-backed memory of an app, MB',
  meanRunEntries: 'mean swap run length (entries per swap_pte_batch run)',
  initialFreeMB: 'free memory at t = 0, MB (the page cache holds what nothing else does)',
  kernelMB: 'memory apps and the page cache cannot have: firmware carveouts, slab, page tables, GPU and dma-buf buffers, MB',
  servicesMB: 'anonymous memory of system services and persistent processes, MB',
  systemFileMB: 'hot file set of system services (framework, libraries), MB',
  cameraFileMB: 'the camera app\'s and HAL\'s files (code, libraries, models), MB',
  bgFileTouchPagesPerMs: 'file pages a service touches per ms of CPU work',
  bgReadMBPerCpuSec: 'new file data read per second of services\' CPU work (read once), MB',
  swappiness: 'vm.swappiness: weight of anon against file in reclaim (0–200)',
  fileReclaimNsPerPage: 'reclaim of one clean file page, ns at capacity 1.0',
  ioLatencyUs: 'storage read latency per request, µs',
  ioPagesPerRequest: 'pages a read request brings that the reader needed (readahead, fault-around)',
  ioReadMBps: 'storage read bandwidth, MB/s',
  cameraFirstSec: 'first camera cold launch, s (0 = no camera)',
  cameraPeriodSecMin: 'shortest time between camera launches, s (0 = one launch)',
  cameraPeriodSecMax: 'longest time between camera launches, s',
  cameraAllocMBMin: 'smallest memory of the camera app as it starts, MB',
  cameraAllocMBMax: 'largest memory of the camera app as it starts, MB',
  cameraHalAllocMB: 'what the camera HAL allocates during the launch (open, configure_streams), MB; the first frame waits for it',
  cameraHalOpenMs: 'the HAL starts allocating its buffers this long into the launch, ms',
  cameraHalAllocMs: 'the HAL allocates its launch buffers within this long, ms',
  cameraPreviewAllocMB: 'buffers the capture session allocates on the first frames\' path (ZSL and RAW rings), MB',
  cameraPreviewAllocMs: 'the preview\'s allocations are spread over this long at most, ms',
  cameraLaunchCpuMs: 'CPU work of the camera app\'s start-up, ms at capacity 1.0',
  cameraFirstFramePct: 'percent of the launch\'s memory and CPU done before the first frame (the rest during the preview)',
  cameraAllocMs: 'the camera spreads its allocations before the first frame over this long at most, ms',
  cameraFrameCpuMs: 'CPU work of one preview frame (30 fps), ms at capacity 1.0',
  cameraFrameAllocMB: 'new memory each frame faults in while the preview warms up, MB',
  cameraFrameFileKB: 'camera files (code, models) each preview frame touches, KB',
  previewSecMin: 'shortest preview session, s',
  previewSecMax: 'longest preview session, s',
  restartSecMean: 'mean delay before a killed app is restarted in the background, s (0 = never)',
  restartAged: 'restarted apps come back already aged into zram (1, a time-lapse) or fresh (0)',
  switchSecMin: 'shortest time between app switches, s (0 = no switching)',
  switchSecMax: 'longest time between app switches, s',
  coldStartPct: 'percent of switches that cold-start an app that is not running',
  appLaunchCpuMs: 'CPU work of an app cold start, ms at capacity 1.0',
  appAllocMs: 'an app cold start spreads its allocations over this long at most, ms',
  restartAllocMs: 'an app restarted in the background grows to its size over this long, ms',
  bgThreads: 'threads of system services and other apps',
  bgBaseDutyPct: 'their duty cycle in normal times, percent',
  bgLaunchDutyPct: 'their duty cycle while the camera launches, percent',
  bgBurstMs: 'mean burst of background work, ms',
  bgBoostTailMs: 'the launch boost lasts this long after the first frame, ms',
  reclaimNsPerPage: 'reclaim of one anon page into zram, ns at capacity 1.0',
  directReclaimSharePct: 'direct reclaim swaps up to this share of a background app\'s anon, percent',
  faultNsPerPage: 'page fault and zeroing of a new page, ns at capacity 1.0',
  kswapdChunkMB: 'kswapd reclaims in chunks of this size, MB',
  allocChunkMB: 'launches allocate in chunks of this size, MB',
  processMrelease: 'lmkd reapers call process_mrelease after SIGKILL (1) or not (0)',
  victimBoost: 'lmkd raises a victim to nice −20 and the foreground cpuset (1) or not (0)',
  lmkdDecisionUs: 'CPU work of one lmkd kill decision, µs',
  lmkKillTimeoutMs: 'ro.lmk.kill_timeout_ms: lmkd waits this long at most for a victim to die (0: never waits)',
  lmkPsiPartialStallMs: 'ro.lmk.psi_partial_stall_ms: PSI some stall per 1 s for a medium event',
  lmkPsiCompleteStallMs: 'ro.lmk.psi_complete_stall_ms: PSI full stall per 1 s for a critical event',
  lmkThrashingLimit: 'ro.lmk.thrashing_limit: thrashing percent that makes a thrashing kill',
  lmkThrashingLimitDecay: 'ro.lmk.thrashing_limit_decay: percent the limit is cut after each thrashing kill',
  lmkThrashingLimitCritical: 'ro.lmk.thrashing_limit_critical: thrashing percent that lets perceptible apps die',
  lmkSwapFreeLowPercentage: 'ro.lmk.swap_free_low_percentage: free swap below this percent is low',
  lmkSwapCompressionRatio: 'ro.lmk.swap_compression_ratio: free swap counts at most this × (free + inactive file); 0: SwapFree alone',
  lmkStallLimitCritical: 'ro.lmk.stall_limit_critical: PSI full avg10 above which perceptible apps may die',
  lmkPressureAfterKillMinScore: 'ro.lmk.pressure_after_kill_min_score: lowest adj a PRESSURE_AFTER_KILL kill may take',
};
