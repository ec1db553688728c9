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
//   jobwait    the binary (jobwait, from PATH)
//   propagate  fail the build when jobwait exits non-zero (true)
// Returns the outcome: succeeded, failed, timed_out, not_found, auth_error, api_error,
// cancelled, interrupted or config_error. The exit code is in env.JOBWAIT_EXIT_CODE.
def call(Map args = [:]) {
    if (!args.stepFile) {
        error('jobwait: stepFile is required')
    }
    String result = args.result ?: 'jobwait-result.json'
    String junitPath = args.junit ?: 'jobwait-junit.xml'
    String dotenv = '.jobwait.env'
    List<String> command = [args.jobwait ?: 'jobwait', 'run', args.stepFile as String, '--result', result,
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
    junit(testResults: junitPath, allowEmptyResults: true)
    Map<String, String> outputs = readDotenv(dotenv)
    env.JOBWAIT_EXIT_CODE = status as String
    String outcome = outputs.JOBWAIT_OUTCOME ?: 'config_error'
    if (status != 0 && args.get('propagate', true)) {
        error("jobwait: ${outcome} (exit ${status}): ${outputs.JOBWAIT_MESSAGE ?: 'see the log'}")
    }
    return outcome
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
