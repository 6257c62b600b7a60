import { graphql } from '../generated/gql.js';

export const ThreadRepliesPageQuery = graphql(`
  query ThreadRepliesPage($id: ID!, $first: Int!, $after: String) {
    post(platform: THREADS, id: $id) {
      thread {
        replies(first: $first, after: $after) {
          edges {
            node {
              depth
              post {
                nativeId
              }
              parent {
                nativeId
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const SelfThreadQuery = graphql(`
  query SelfThread($id: ID!) {
    post(platform: THREADS, id: $id) {
      thread {
        items {
          nativeId
        }
        replies(first: 10) {
          edges {
            node {
              post {
                nativeId
              }
            }
          }
        }
      }
    }
  }
`);

/** post, thread, Thread.replies, Post.replies and likers all over one conversation. */
export const WholeConversationQuery = graphql(`
  query WholeConversation($id: ID!) {
    post(platform: THREADS, id: $id) {
      text
      thread {
        items {
          nativeId
        }
        replies(first: 5) {
          edges {
            node {
              post {
                nativeId
              }
            }
          }
        }
      }
      replies(first: 5) {
        edges {
          node {
            post {
              nativeId
            }
          }
        }
      }
      likers(first: 5) {
        edges {
          node {
            user {
              username
            }
          }
        }
      }
    }
  }
`);
