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
