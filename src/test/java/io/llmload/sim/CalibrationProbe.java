package io.llmload.sim;

/** Prints the closed-loop numbers of a profile (used to fit the profiles; not a test). */
public final class CalibrationProbe {
  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : Profile.LLAMA_8B_H100;
    int prompt = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int output = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    Profile p = Profile.named(name);
    for (int c : new int[] {1, 4, 16, 64, 256}) {
      BatchScheduler s = new BatchScheduler(p, p.maxNumSeqs(), p.maxNumBatchedTokens(), p.kvCacheTokens());
      System.out.println(VirtualLoad.run(s, c, prompt, output, c >= 64 ? 10 : 20, 0, 1));
    }
  }
}
