/* Where the time goes in Debian's libgit2 for the pre-commit hook's queries.
 * build: cc -O2 -o libgit2_costs libgit2_costs.c $(pkg-config --cflags --libs libgit2)
 * usage: libgit2_costs REPO   (prints milliseconds per step, one process, one pass) */
#include <git2.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
#define STEP(label, expr) do { double t0 = now(); expr; printf("%-34s %8.2f ms\n", label, now() - t0); } while (0)

int main(int argc, char **argv) {
    git_repository *repo = NULL; git_reference *head = NULL; git_index *index = NULL;
    git_object *tree = NULL; git_diff *diff = NULL; git_strarray tags = {0};
    if (argc < 2) return 64;
    STEP("git_libgit2_init", git_libgit2_init());
    STEP("git_repository_open_ext", git_repository_open_ext(&repo, argv[1], 0, NULL));
    STEP("git_repository_head", git_repository_head(&head, repo));
    STEP("HEAD^{tree}", git_revparse_single(&tree, repo, "HEAD^{tree}"));
    STEP("git_repository_index (SHA-1)", git_repository_index(&index, repo));
    printf("  entries: %zu\n", git_index_entrycount(index));
    STEP("git_diff_tree_to_index", git_diff_tree_to_index(&diff, repo, (git_tree *)tree, index, NULL));
    printf("  deltas: %zu\n", git_diff_num_deltas(diff));
    STEP("git_diff_find_similar", git_diff_find_similar(diff, NULL));
    STEP("git_tag_list", git_tag_list(&tags, repo));
    STEP("git_diff_free", git_diff_free(diff));
    STEP("git_index_free", git_index_free(index));
    STEP("git_repository_free", git_repository_free(repo));
    STEP("git_libgit2_shutdown", git_libgit2_shutdown());
    return 0;
}
