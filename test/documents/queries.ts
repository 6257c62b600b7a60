import { graphql } from '../generated/gql.js';

export const UserPostsQuery = graphql(`
  query UserPosts($platform: Platform!, $username: String!, $first: Int, $after: String) {
    user(platform: $platform, username: $username) {
      id
      username
      fullName
      source
      posts(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            nativeId
            shortcode
            text
            createdAt
            mediaType
            likeCount
            source
            author {
              username
            }
            media {
              type
              url
              width
              height
              thumbnailUrl
              durationSeconds
              variants {
                url
                width
                height
              }
              videoVariants {
                url
              }
            }
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`);

export const UserProfileQuery = graphql(`
  query UserProfile($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      id
      username
      fullName
      biography
      isVerified
      isPrivate
      followerCount
      followingCount
      profilePicture {
        url
        width
      }
      source
    }
  }
`);

export const ConversationQuery = graphql(`
  query Conversation($id: ID!, $first: Int, $after: String) {
    post(platform: THREADS, id: $id) {
      id
      text
      replies(first: $first) {
        edges {
          node {
            depth
            post {
              text
            }
          }
        }
      }
      likers(first: 5) {
        edges {
          node {
            followerCount
            user {
              username
            }
          }
        }
      }
      thread {
        id
        items {
          text
        }
        replies(first: $first, after: $after) {
          edges {
            cursor
            node {
              depth
              post {
                nativeId
                text
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

export const PostsPageQuery = graphql(`
  query PostsPage($platform: Platform!, $username: String!, $first: Int!, $after: String) {
    user(platform: $platform, username: $username) {
      id
      posts(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            nativeId
            text
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
