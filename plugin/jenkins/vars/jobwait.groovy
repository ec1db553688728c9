// jobwait as a Jenkins shared-library step: waits for a cloud job, archives the result
// artifact, publishes the JUnit report and returns the outcome.
//
//   @Library('jobwait') _
//   def outcome = jobwait(stepFile: 'deploy/wait.toml', jobId: env.CCE_JOB_ID, propagate: false)
//   if (outcome == 'timed_out') { unstable('the job is still running') }
//
// Arguments (only stepFile is required):
//   stepFile   the TOML step file
//   jobId      the job id (sets job.id)
//   jobIdFrom  a JSON file the create call returned; jobIdPointer says where the id is (/job_id)
//   overrides  a Map of step-file keys to values, each passed as --set KEY=VALUE
//   result     where the JSON result artifact goes (jobwait-result.json)
//   junit      where the JUnit report goes (jobwait-junit.xml)
//   jobwait    the binary (default: jobwait from PATH, else installed as below)
//   version    the release installed when there is no jobwait on PATH (the one this library
//              belongs to, JOBWAIT_VERSION below)
//   baseUrl    where the release is downloaded from, install.sh and the archives (a mirror);
//              default: the GitHub release of the repository JOBWAIT_REPOSITORY names
//   propagate  fail the build when jobwait exits non-zero (true); false leaves the build's result
//              to the caller: the JUnit report never marks it UNSTABLE by itself
// Returns the outcome: succeeded, failed, timed_out, not_found, auth_error, api_error,
// cancelled, interrupted or config_error. The exit code is in env.JOBWAIT_EXIT_CODE.
//
// With no jobwait argument and no jobwait on the agent's PATH, the step downloads the
// release's install.sh and runs it (curl or wget, SHA-256 checked, Linux x86_64 or aarch64),
// into $WORKSPACE/.jobwait/bin; a later call finds it there and downloads nothing.
import groovy.transform.Field

@Field final String JOBWAIT_VERSION = '0.1.0'
// The GitHub owner/name releases come from; an agent's env.JOBWAIT_REPOSITORY overrides it.
@Field final String JOBWAIT_REPOSITORY = 'jobwait/jobwait'

// POSIX sh, run with JOBWAIT_HOME, JOBWAIT_VERSION and JOBWAIT_BASE_URL in its environment
// (withEnv: never pasted into the script).
@Field final String INSTALL_SCRIPT = '''
set -eu
if [ "$("$JOBWAIT_HOME/bin/jobwait" --version 2>/dev/null || true)" = "jobwait $JOBWAIT_VERSION" ]; then
  exit 0
fi
mkdir -p "$JOBWAIT_HOME"
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 -o "$JOBWAIT_HOME/install.sh" "$JOBWAIT_BASE_URL/install.sh"
else
  wget -q -O "$JOBWAIT_HOME/install.sh" "$JOBWAIT_BASE_URL/install.sh"
fi
sh "$JOBWAIT_HOME/install.sh" --version "$JOBWAIT_VERSION" --dir "$JOBWAIT_HOME/bin" --base-url "$JOBWAIT_BASE_URL"
'''

def call(Map args = [:]) {
    if (!args.stepFile) {
        error('jobwait: stepFile is required')
    }
    String result = args.result ?: 'jobwait-result.json'
    String junitPath = args.junit ?: 'jobwait-junit.xml'
    String dotenv = '.jobwait.env'
    String jobwait = args.jobwait as String
    if (!jobwait) {
        boolean onPath = sh(script: 'command -v jobwait >/dev/null 2>&1', returnStatus: true) == 0
        jobwait = onPath ? 'jobwait' : installJobwait((args.version ?: JOBWAIT_VERSION) as String, args.baseUrl as String)
    }
    List<String> command = [jobwait, 'run', args.stepFile as String, '--result', result,
                            '--set', "output.junit=${junitPath}", '--set', "output.dotenv=${dotenv}"]
    if (args.jobId) {
        command += ['--set', "job.id=${args.jobId}"]
    }
    if (args.jobIdFrom) {
        command += ['--job-id-from', args.jobIdFrom as String, '--job-id-pointer', (args.jobIdPointer ?: '/job_id') as String]
    }
    (args.overrides ?: [:]).each { key, value -> command += ['--set', "${key}=${value}"] }

    int status = sh(script: command.collect { shellQuote(it as String) }.join(' '), returnStatus: true)

    archiveArtifacts(artifacts: result, allowEmptyArchive: true, fingerprint: false)
    // The report only: the build's result is propagate's (or the caller's, from the outcome), so a
    // failed test case must not make the build UNSTABLE behind its back, e.g. for an outcome that
    // [exit_codes] maps to 0 or a propagate: false step.
    junit(testResults: junitPath, allowEmptyResults: true, skipMarkingBuildUnstable: true)
    Map<String, String> outputs = readDotenv(dotenv)
    env.JOBWAIT_EXIT_CODE = status as String
    String outcome = outputs.JOBWAIT_OUTCOME ?: 'config_error'
    if (status != 0 && args.get('propagate', true)) {
        error("jobwait: ${outcome} (exit ${status}): ${outputs.JOBWAIT_MESSAGE ?: 'see the log'}")
    }
    return outcome
}

// The release, installed into the workspace with its installer; returns the binary's path.
private String installJobwait(String version, String baseUrl) {
    String home = "${env.WORKSPACE}/.jobwait"
    String repository = env.JOBWAIT_REPOSITORY ?: JOBWAIT_REPOSITORY
    String base = baseUrl ?: "https://github.com/${repository}/releases/download/v${version - ~/^v/}"
    withEnv(["JOBWAIT_HOME=${home}", "JOBWAIT_VERSION=${version - ~/^v/}", "JOBWAIT_BASE_URL=${base}"]) {
        sh(script: INSTALL_SCRIPT)
    }
    return "${home}/bin/jobwait"
}

// KEY=VALUE lines, as jobwait writes them (one value per line, never quoted).
private Map<String, String> readDotenv(String path) {
    Map<String, String> values = [:]
    if (!fileExists(path)) {
        return values
    }
    readFile(path).split('\n').each { String line ->
        int equals = line.indexOf('=')
        if (equals > 0) {
            values[line.substring(0, equals)] = line.substring(equals + 1)
        }
    }
    return values
}

private String shellQuote(String word) {
    return "'" + word.replace("'", "'\\''") + "'"
}
