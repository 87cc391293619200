#include <stdio.h>
#include "list.h"

#define MAX_ITEMS 64
#define SQUARE(x) ((x) * (x))

/* A node of a singly linked list. */
struct node {
    int value;
    struct node *next;
};

typedef struct node node_t;

enum color { RED, GREEN };

// Adds two numbers.
// Second line of the comment.
int add(int a, int b)
{
    return a + b;
}

static char *name_of(node_t *n);

int main(void)
{
    node_t n = {1, NULL};
    printf("%d\n", add(n.value, SQUARE(2)));
    return 0;
}
